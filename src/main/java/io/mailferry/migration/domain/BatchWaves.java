package io.mailferry.migration.domain;

import java.util.Collection;
import java.util.OptionalInt;

/**
 * A batch split into waves of N mailboxes, in the file's order: a wave starts once every mailbox of
 * the waves before it has finished (completed or failed). Without a wave size the batch is one
 * wave.
 */
public final class BatchWaves {

  private BatchWaves() {}

  /** The wave of the mailbox at {@code index} (0-based, file order). */
  public static int waveOf(int index, Integer waveSize) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
    return waveSize == null ? 0 : index / checked(waveSize);
  }

  /** How many waves {@code mailboxes} make. */
  public static int count(int mailboxes, Integer waveSize) {
    if (mailboxes == 0) {
      return 0;
    }
    return waveSize == null ? 1 : (mailboxes + checked(waveSize) - 1) / checked(waveSize);
  }

  /**
   * The wave whose queued mailboxes may start now: the lowest wave that still has an unfinished
   * mailbox. Empty when every mailbox has finished.
   *
   * @param unfinishedWaves the wave of each mailbox not yet completed or failed
   */
  public static OptionalInt open(Collection<Integer> unfinishedWaves) {
    return unfinishedWaves.stream().mapToInt(Integer::intValue).min();
  }

  public static int checked(Integer waveSize) {
    if (waveSize == null || waveSize < 1) {
      throw new IllegalArgumentException("a wave holds at least one mailbox");
    }
    return waveSize;
  }
}
