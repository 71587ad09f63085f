package io.mailferry.migration.domain;

import java.util.EnumSet;
import java.util.Set;

/** Where a mailbox migration stands. QUEUED -> WAITING -> RUNNING -> COMPLETED, or ERROR. */
public enum MigrationStatus {
  QUEUED,
  WAITING,
  RUNNING,
  COMPLETED,
  ERROR;

  private static final Set<MigrationStatus> ACTIVE = EnumSet.of(QUEUED, WAITING, RUNNING);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  /** Only a stopped migration (done or failed) may be put back in the queue. */
  public boolean canResync() {
    return this == COMPLETED || this == ERROR;
  }

  public boolean canMoveTo(MigrationStatus next) {
    return switch (this) {
      case QUEUED -> next == WAITING || next == RUNNING || next == ERROR || next == QUEUED;
      case WAITING -> next == RUNNING || next == ERROR || next == QUEUED || next == WAITING;
      case RUNNING -> true;
      case COMPLETED, ERROR -> next == QUEUED;
    };
  }
}
