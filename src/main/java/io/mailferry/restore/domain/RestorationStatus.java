package io.mailferry.restore.domain;

/**
 * {@code QUEUED -> RUNNING -> COMPLETED}, or {@code ERROR}; a restart puts it back in the queue.
 */
public enum RestorationStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  ERROR;

  public boolean isFinished() {
    return this == COMPLETED || this == ERROR;
  }
}
