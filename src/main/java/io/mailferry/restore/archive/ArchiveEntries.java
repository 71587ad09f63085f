package io.mailferry.restore.archive;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.X000A_NTFS;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The entries of a zip, tar or tar.gz file, or of a bare mbox file (one entry), each read through a
 * guard that counts what it unpacks: more than the limits allow, in all or against the compressed
 * size, and the archive is refused at that entry.
 */
abstract class ArchiveEntries implements Closeable {

  enum Type {
    DIRECTORY,
    FILE,
    /** A symbolic or hard link, a device or a FIFO: never followed, always refused. */
    SPECIAL
  }

  /**
   * @param preciseTime whether {@code modified} is the file's time to the second (tar, zip with an
   *     extended timestamp) rather than a DOS time in an unknown zone
   */
  record Entry(
      String name, Type type, Instant modified, boolean preciseTime, InputStream content) {}

  private final ArchiveLimits limits;
  private long entries;
  private long unpacked;

  ArchiveEntries(ArchiveLimits limits) {
    this.limits = limits;
  }

  /** The next entry, or null after the last. */
  final Entry next() throws IOException {
    Entry entry = read();
    if (entry != null && ++entries > limits.maxEntries()) {
      throw new RefusedArchiveException(
          entry.name(), "the archive has more than " + limits.maxEntries() + " entries");
    }
    return entry;
  }

  abstract Entry read() throws IOException;

  /** Bytes read so far from the compressed input, for the whole-stream ratio; -1 when n/a. */
  long compressedSoFar() {
    return -1;
  }

  /** Counts an entry's bytes against the limits as they are read. */
  InputStream guarded(String name, InputStream in, long compressedSize) {
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
          throw new RefusedArchiveException(name, "cannot be unpacked: " + e.getMessage());
        }
        if (n > 0) {
          count += n;
          unpacked += n;
          check(name, count, compressedSize);
        }
        return n;
      }

      @Override
      public void close() {
        // the archive closes its own streams
      }
    };
  }

  private void check(String name, long entryBytes, long compressedSize) {
    if (unpacked > limits.maxUncompressedBytes()) {
      throw new RefusedArchiveException(
          name,
          "the archive unpacks to more than "
              + limits.maxUncompressedBytes()
              + " bytes"
              + " (mailferry.restore.max-uncompressed-bytes)");
    }
    if (compressedSize >= 0
        && entryBytes > ArchiveLimits.RATIO_ALLOWANCE
        && entryBytes > compressedSize * limits.maxRatio()) {
      throw new RefusedArchiveException(
          name,
          "it unpacks to more than "
              + limits.maxRatio()
              + " times its compressed size"
              + " (a zip bomb?)");
    }
    long stream = compressedSoFar();
    if (stream >= 0
        && unpacked > ArchiveLimits.RATIO_ALLOWANCE
        && unpacked > stream * limits.maxRatio()) {
      throw new RefusedArchiveException(
          name,
          "the archive unpacks to more than "
              + limits.maxRatio()
              + " times its compressed size"
              + " (a decompression bomb?)");
    }
  }

  static ArchiveEntries zip(Path file, ArchiveLimits limits) throws IOException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(file).get();
    } catch (IOException e) {
      throw new RefusedArchiveException(null, "not a readable zip file: " + e.getMessage());
    }
    Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
    return new ArchiveEntries(limits) {
      @Override
      Entry read() throws IOException {
        if (!all.hasMoreElements()) {
          return null;
        }
        ZipArchiveEntry e = all.nextElement();
        int fileType = e.getUnixMode() & 0170000;
        Type type =
            e.isUnixSymlink() || fileType != 0 && fileType != 0100000 && fileType != 0040000
                ? Type.SPECIAL
                : e.isDirectory() ? Type.DIRECTORY : Type.FILE;
        boolean precise =
            e.getExtraField(X5455_ExtendedTimestamp.HEADER_ID) != null
                || e.getExtraField(X000A_NTFS.HEADER_ID) != null;
        InputStream content = null;
        if (type == Type.FILE) {
          if (!zip.canReadEntryData(e)) {
            throw new RefusedArchiveException(
                e.getName(), "uses a zip feature Mailferry cannot read (encryption or method)");
          }
          content = guarded(e.getName(), zip.getInputStream(e), Math.max(0, e.getCompressedSize()));
        }
        return new Entry(e.getName(), type, e.getLastModifiedTime().toInstant(), precise, content);
      }

      @Override
      public void close() throws IOException {
        zip.close();
      }
    };
  }

  static ArchiveEntries tar(Path file, boolean gzipped, ArchiveLimits limits) throws IOException {
    CountingStream raw = new CountingStream(new BufferedInputStream(Files.newInputStream(file)));
    InputStream in;
    try {
      in = gzipped ? new GZIPInputStream(raw, 64 * 1024) : raw;
    } catch (IOException e) {
      raw.close();
      throw new RefusedArchiveException(null, "not a readable gzip file: " + e.getMessage());
    }
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    return new ArchiveEntries(limits) {
      @Override
      Entry read() throws IOException {
        TarArchiveEntry e;
        try {
          e = tar.getNextEntry();
        } catch (IOException | RuntimeException failure) {
          throw new RefusedArchiveException(
              null,
              "a damaged tar archive (after " + raw.count + " bytes): " + failure.getMessage());
        }
        if (e == null) {
          return null;
        }
        Type type =
            e.isSymbolicLink()
                    || e.isLink()
                    || e.isCharacterDevice()
                    || e.isBlockDevice()
                    || e.isFIFO()
                ? Type.SPECIAL
                : e.isDirectory() ? Type.DIRECTORY : Type.FILE;
        return new Entry(
            e.getName(),
            type,
            e.getModTime().toInstant(),
            true,
            type == Type.FILE ? guarded(e.getName(), tar, -1) : null);
      }

      @Override
      long compressedSoFar() {
        return gzipped ? raw.count : -1;
      }

      @Override
      public void close() throws IOException {
        tar.close();
      }
    };
  }

  /** A bare mbox file: one entry named after the upload. */
  static ArchiveEntries single(Path file, String name, boolean gzipped, ArchiveLimits limits)
      throws IOException {
    CountingStream raw = new CountingStream(new BufferedInputStream(Files.newInputStream(file)));
    InputStream in = gzipped ? new GZIPInputStream(raw, 64 * 1024) : raw;
    return new ArchiveEntries(limits) {
      private boolean given;

      @Override
      Entry read() {
        if (given) {
          return null;
        }
        given = true;
        return new Entry(name, Type.FILE, null, false, guarded(name, in, -1));
      }

      @Override
      long compressedSoFar() {
        return gzipped ? raw.count : -1;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
