package io.mailferry.config;

/** How many mailboxes may copy at the same moment. */
public final class Concurrency {

  /** Never more mailboxes at once than this against one source server. */
  public static final int HARD_CEILING = 6;

  private Concurrency() {}

  /**
   * min(CPUs + 1, 6), lowered further by the configured value; never below one.
   *
   * @param cpus available processors
   * @param configured the admin's setting; values above the ceiling are ignored
   */
  public static int ceiling(int cpus, int configured) {
    int natural = Math.min(Math.max(1, cpus) + 1, HARD_CEILING);
    return Math.max(1, Math.min(natural, configured));
  }
}
