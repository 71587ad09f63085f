package io.mailferry.migration.batch;

import io.mailferry.migration.application.PartitionMetrics;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records the partition's own metrics as its chunks go: before each chunk (what the runtime has
 * counted for the chunks done) and on an error, with the rollback that follows it (the runtime
 * rolls the chunk back after {@code onError}, Jakarta Batch 11.8). The reader records the final
 * counts when it closes.
 */
@Dependent
@Named
public class PartitionMetricsListener extends AbstractChunkListener {

  @Inject @BatchProperty String migrationId;

  @Inject JobContext job;
  @Inject StepContext step;
  @Inject PartitionMetrics metrics;

  @Override
  public void beforeChunk() {
    metrics.record(
        job.getExecutionId(),
        Long.parseLong(migrationId),
        PartitionMetrics.Counts.of(step.getMetrics()));
  }

  @Override
  public void onError(Exception ex) {
    metrics.record(
        job.getExecutionId(),
        Long.parseLong(migrationId),
        PartitionMetrics.Counts.of(step.getMetrics()).withRollback());
  }
}
