package io.mailferry.migration.application;

import java.time.Instant;

/** One Jakarta Batch job execution for the history screen. */
public record JobView(
    long executionId,
    long instanceId,
    String jobName,
    String batchStatus,
    String exitStatus,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    String mailboxes) {

  public boolean restartable() {
    return "FAILED".equals(batchStatus) || "STOPPED".equals(batchStatus);
  }

  public boolean stoppable() {
    return "STARTING".equals(batchStatus) || "STARTED".equals(batchStatus);
  }
}
