package io.mailferry.restore.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private directory (rwx------, as the migration's {@code SpoolDirectories}) per restoration: the
 * upload while it arrives, then the unpacked messages until the restoration is complete. It lives
 * under its own root, so a server start does not remove a restoration waiting to resume.
 */
final class RestoreSpool {

  private RestoreSpool() {}

  static Path create(Path root) throws IOException {
    Files.createDirectories(root);
    try {
      return Files.createTempDirectory(
          root,
          "restore-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory(root, "restore-");
    }
  }

  /** Copies at most {@code limit} bytes; more and the file is removed and the upload refused. */
  static long copy(InputStream in, Path file, long limit) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > limit) {
          out.close();
          Files.deleteIfExists(file);
          throw new UploadTooLargeException(limit);
        }
        out.write(buffer, 0, n);
      }
    }
    return total;
  }

  static void delete(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(RestoreSpool::deleteQuietly);
    } catch (IOException e) {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // an admin can remove what is left under the spool root
    }
  }
}
