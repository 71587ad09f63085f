package io.mailferry.migration.application;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where large messages wait between the source's FETCH and the destination's APPEND: a private
 * directory per mailbox copy under one root. A copy removes its own when it closes; what a crashed
 * server left behind (plain mail, readable by whoever can read the disk) is removed when the next
 * server starts. Several instances may share one host: a directory names the process that made it,
 * and only those of processes that are gone are left-overs.
 */
final class SpoolDirectories {

  private static final String PREFIX = "mailferry-";

  private SpoolDirectories() {}

  static Path root() {
    return Path.of(System.getProperty("java.io.tmpdir"), "mailferry-spool");
  }

  /** A new directory only this user can read. */
  static Path create(long migrationId) throws IOException {
    Files.createDirectories(root());
    try {
      return Files.createTempDirectory(
          root(),
          PREFIX + ProcessHandle.current().pid() + "-" + migrationId + "-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory(
          root(), PREFIX + ProcessHandle.current().pid() + "-" + migrationId + "-");
    }
  }

  /** Removes spool directories last written before {@code before}; how many were removed. */
  static int removeLeftovers(Instant before) {
    Path root = root();
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> spools = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path spool : spools) {
        if (!ofLiveProcess(spool)
            && Files.getLastModifiedTime(spool).toInstant().isBefore(before)) {
          delete(spool);
          removed++;
        }
      }
    } catch (IOException e) {
      // an unreadable root: nothing of ours can be in it
    }
    return removed;
  }

  /** Made by a process still running, other than this one (another instance on the host). */
  private static boolean ofLiveProcess(Path spool) {
    String[] parts = spool.getFileName().toString().substring(PREFIX.length()).split("-");
    if (parts.length < 3) {
      return false; // named before directories named their process
    }
    try {
      long pid = Long.parseLong(parts[0]);
      return pid != ProcessHandle.current().pid()
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static void delete(Path spool) {
    try (Stream<Path> files = Files.walk(spool)) {
      files.sorted(Comparator.reverseOrder()).forEach(SpoolDirectories::deleteQuietly);
    } catch (IOException e) {
      deleteQuietly(spool);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // removed at the next start
    }
  }
}
