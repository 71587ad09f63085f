package io.mailferry.migration.domain;

import java.time.Instant;
import java.util.Map;

/** Where a batch stands, from its settings and its mailboxes' statuses. */
public enum BatchState {
  /** Waiting for its start time. */
  SCHEDULED,
  /** Mailboxes are queued or copying. */
  RUNNING,
  /** Stopped by the admin; job executions are still winding down. */
  STOPPING,
  /** Stopped by the admin; a restart resumes the mailboxes not finished. */
  STOPPED,
  /** Every mailbox completed. */
  COMPLETED,
  /** Every mailbox finished, at least one in ERROR: resync the failed ones. */
  FAILED;

  public static BatchState of(
      boolean stopped, Instant startAt, Instant now, Map<MigrationStatus, Long> counts) {
    long queued = count(counts, MigrationStatus.QUEUED);
    long working = count(counts, MigrationStatus.WAITING) + count(counts, MigrationStatus.RUNNING);
    if (stopped) {
      return working > 0 ? STOPPING : queued > 0 ? STOPPED : finished(counts);
    }
    if (queued + working == 0) {
      return finished(counts);
    }
    if (working == 0 && startAt != null && startAt.isAfter(now)) {
      return SCHEDULED;
    }
    return RUNNING;
  }

  private static BatchState finished(Map<MigrationStatus, Long> counts) {
    return count(counts, MigrationStatus.ERROR) > 0 ? FAILED : COMPLETED;
  }

  private static long count(Map<MigrationStatus, Long> counts, MigrationStatus status) {
    return counts.getOrDefault(status, 0L);
  }
}
