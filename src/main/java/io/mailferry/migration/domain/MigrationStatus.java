package io.mailferry.migration.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a mailbox migration stands. QUEUED -> WAITING -> RUNNING -> COMPLETED, or ERROR. An admin
 * may hold an active one: PAUSED (to be resumed) or CANCELLED (resync to go on). Both keep the
 * checkpoints; the copy stops at its next chunk boundary and no job execution starts it again until
 * it is back in the queue.
 */
public enum MigrationStatus {
  QUEUED,
  WAITING,
  RUNNING,
  COMPLETED,
  ERROR,
  PAUSED,
  CANCELLED;

  private static final Set<MigrationStatus> ACTIVE = EnumSet.of(QUEUED, WAITING, RUNNING);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  /** Only a stopped migration (done, failed or held by an admin) may be put back in the queue. */
  public boolean canResync() {
    return !isActive();
  }

  /** Held by an admin: a job execution (a restart included) must not start copying it. */
  public boolean isHeld() {
    return this == PAUSED || this == CANCELLED;
  }

  public boolean canMoveTo(MigrationStatus next) {
    return switch (this) {
      case QUEUED, WAITING -> next != COMPLETED;
      case RUNNING -> true;
      case COMPLETED, ERROR, PAUSED, CANCELLED -> next == QUEUED;
    };
  }
}
