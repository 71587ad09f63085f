package io.mailferry.migration.application;

import java.time.Instant;
import java.util.List;

/**
 * What the JobOperator knows about one execution: its steps with their metrics, and the mailbox
 * each partition copies, by address, as Mailferry recorded it.
 */
public record JobDetail(JobView execution, List<StepView> steps, List<PartitionView> partitions) {

  public JobDetail {
    steps = List.copyOf(steps);
    partitions = List.copyOf(partitions);
  }

  /** A step execution's metrics (Jakarta Batch 10.9.7). */
  public record StepView(
      long stepExecutionId,
      String stepName,
      String batchStatus,
      String exitStatus,
      Instant startedAt,
      Instant endedAt,
      long readCount,
      long writeCount,
      long commitCount,
      long rollbackCount,
      long skipCount,
      long filterCount) {}

  /**
   * One partition: a mailbox, where its copy stands now, and the partition's batch metrics in this
   * execution (null when it did not run in it: a restart re-runs only unfinished partitions).
   */
  public record PartitionView(
      String email,
      String status,
      String statusMessage,
      long messagesDone,
      long messagesTotal,
      Long jobExecutionId,
      PartitionMetrics.Counts metrics) {}
}
