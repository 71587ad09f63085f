package io.mailferry.fetch.domain;

/** Where a fetch stands, with the same words as a mailbox migration. */
public enum FetchStatus {
  QUEUED,
  /** Waiting for the load gate or a free slot; started again by the scheduler. */
  WAITING,
  RUNNING,
  COMPLETED,
  ERROR;

  /** Queued, waiting or running: a run is under way or about to start. */
  public boolean isActive() {
    return this == QUEUED || this == WAITING || this == RUNNING;
  }
}
