package io.mailferry.migration.application;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** The job history, and restarting a failed execution (its failed partitions resume). */
@ApplicationScoped
public class JobService {

  @Inject MigrationService migrations;

  public List<JobView> recent(int max) {
    JobOperator operator = BatchRuntime.getJobOperator();
    List<JobView> result = new ArrayList<>();
    try {
      for (JobInstance instance :
          operator.getJobInstances(MigrationDispatcher.JOB, 0, Math.max(1, max))) {
        for (JobExecution execution : operator.getJobExecutions(instance)) {
          result.add(view(execution, instance.getInstanceId()));
        }
      }
    } catch (NoSuchJobException e) {
      return List.of();
    }
    result.sort(Comparator.comparingLong(JobView::executionId).reversed());
    List<JobView> shown = result.size() > max ? result.subList(0, max) : result;
    return shown.stream().map(this::withAddresses).toList();
  }

  /** Job parameters name mailboxes by id; people know them by address. */
  private JobView withAddresses(JobView job) {
    List<Long> ids = new ArrayList<>();
    for (String id : job.mailboxes().split(",")) {
      if (!id.isBlank()) {
        ids.add(Long.parseLong(id.trim()));
      }
    }
    return new JobView(
        job.executionId(), job.instanceId(), job.jobName(), job.batchStatus(), job.exitStatus(),
        job.createdAt(), job.startedAt(), job.endedAt(), String.join(", ", migrations.emails(ids)));
  }

  /**
   * Restarts a failed or stopped execution: Jakarta Batch re-runs only its failed partitions,
   * which continue from their folder checkpoints.
   *
   * @return the new execution's id
   */
  public long restart(long executionId) {
    JobOperator operator = BatchRuntime.getJobOperator();
    JobExecution execution;
    try {
      execution = operator.getJobExecution(executionId);
    } catch (NoSuchJobExecutionException e) {
      throw new NotFoundException("no job execution " + executionId);
    }
    String status = String.valueOf(execution.getBatchStatus());
    if (!"FAILED".equals(status) && !"STOPPED".equals(status)) {
      throw new IllegalStateException(
          "job execution " + executionId + " is " + status + "; only FAILED or STOPPED ones restart");
    }
    try {
      // Restart parameters replace the original ones (Jakarta Batch 10.8.1): pass them again.
      Properties parameters = execution.getJobParameters();
      return operator.restart(executionId, parameters == null ? new Properties() : parameters);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "job execution " + executionId + " cannot be restarted: " + e.getMessage(), e);
    }
  }

  private static JobView view(JobExecution execution, long instanceId) {
    Properties parameters = execution.getJobParameters();
    return new JobView(
        execution.getExecutionId(),
        instanceId,
        execution.getJobName(),
        String.valueOf(execution.getBatchStatus()),
        execution.getExitStatus(),
        instant(execution.getCreateTime()),
        instant(execution.getStartTime()),
        instant(execution.getEndTime()),
        parameters == null ? "" : parameters.getProperty("migrationIds", ""));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
