package io.mailferry.restore.archive;

/**
 * What an archive may unpack to, so that a small upload cannot fill the disk (a zip bomb).
 *
 * @param maxEntries entries in the archive, directories included
 * @param maxUncompressedBytes bytes all entries unpack to together
 * @param maxRatio how many times its compressed size an entry (zip) or the whole stream (tar.gz)
 *     may unpack to, beyond the first {@link #RATIO_ALLOWANCE} bytes
 */
public record ArchiveLimits(long maxEntries, long maxUncompressedBytes, long maxRatio) {

  /** Small entries compress well without being bombs: the ratio applies above this. */
  public static final long RATIO_ALLOWANCE = 1024 * 1024;

  public static final ArchiveLimits DEFAULT = new ArchiveLimits(1_000_000, 10L << 30, 100);

  public ArchiveLimits {
    if (maxEntries < 1 || maxUncompressedBytes < 1 || maxRatio < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }
}
