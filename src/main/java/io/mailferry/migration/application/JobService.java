package io.mailferry.migration.application;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The job history from the JobOperator, paged by job instance, newest first; stopping a running
 * execution and restarting a failed or stopped one (its failed partitions resume).
 */
@ApplicationScoped
public class JobService {

  /** Instances read from the job repository at a time while a filter is applied. */
  private static final int SCAN_BLOCK = 200;

  @Inject MigrationService migrations;
  @Inject MailboxQueries mailboxes;
  @Inject MailboxActions actions;
  @Inject PartitionMetrics partitionMetrics;

  /**
   * Job instances newest first, each with its executions.
   *
   * @param status a batch status the instance's newest execution must have, or null
   * @param mailbox an address (or part of one) one of the instance's mailboxes must have, or null
   */
  public JobPage page(int first, int max, String status, String mailbox) {
    JobOperator operator = BatchRuntime.getJobOperator();
    Predicate<JobInstanceView> filter = filter(status, mailbox);
    try {
      if (filter == null) {
        long total = operator.getJobInstanceCount(MigrationDispatcher.JOB);
        List<JobInstanceView> rows = new ArrayList<>();
        for (JobInstance instance :
            operator.getJobInstances(MigrationDispatcher.JOB, Math.max(0, first), max)) {
          rows.add(withAddresses(instance(operator, instance)));
        }
        return new JobPage(total, rows);
      }
      return scan(operator, filter, first, max);
    } catch (NoSuchJobException e) {
      return new JobPage(0, List.of());
    }
  }

  /** Walks every instance, newest first, counting the matches and keeping the asked page. */
  private JobPage scan(
      JobOperator operator, Predicate<JobInstanceView> filter, int first, int max) {
    List<JobInstanceView> rows = new ArrayList<>();
    long matched = 0;
    for (int start = 0; ; start += SCAN_BLOCK) {
      List<JobInstance> block =
          operator.getJobInstances(MigrationDispatcher.JOB, start, SCAN_BLOCK);
      for (JobInstance instance : block) {
        JobInstanceView view = instance(operator, instance);
        if (filter.test(view)) {
          if (matched >= first && rows.size() < max) {
            rows.add(withAddresses(view));
          }
          matched++;
        }
      }
      if (block.size() < SCAN_BLOCK) {
        return new JobPage(matched, rows);
      }
    }
  }

  private Predicate<JobInstanceView> filter(String status, String mailbox) {
    Predicate<JobInstanceView> filter = null;
    if (status != null && !status.isBlank()) {
      String wanted = status.trim().toUpperCase(Locale.ROOT);
      filter = i -> i.latest().batchStatus().equals(wanted);
    }
    if (mailbox != null && !mailbox.isBlank()) {
      List<String> ids = mailboxes.idsMatching(mailbox).stream().map(String::valueOf).toList();
      Predicate<JobInstanceView> named =
          i ->
              Arrays.stream(i.latest().mailboxes().split(","))
                  .map(String::trim)
                  .anyMatch(ids::contains);
      filter = filter == null ? named : filter.and(named);
    }
    return filter;
  }

  private static JobInstanceView instance(JobOperator operator, JobInstance instance) {
    List<JobView> executions =
        operator.getJobExecutions(instance).stream()
            .map(e -> view(e, instance.getInstanceId()))
            .sorted(Comparator.comparingLong(JobView::executionId).reversed())
            .toList();
    return new JobInstanceView(instance.getInstanceId(), executions);
  }

  private JobInstanceView withAddresses(JobInstanceView instance) {
    return new JobInstanceView(
        instance.instanceId(), instance.executions().stream().map(this::withAddresses).toList());
  }

  /** Job parameters name mailboxes by id; people know them by address. */
  private JobView withAddresses(JobView job) {
    return new JobView(
        job.executionId(),
        job.instanceId(),
        job.jobName(),
        job.batchStatus(),
        job.exitStatus(),
        job.createdAt(),
        job.startedAt(),
        job.endedAt(),
        String.join(", ", migrations.emails(ids(job.mailboxes()))));
  }

  private static List<Long> ids(String parameter) {
    List<Long> ids = new ArrayList<>();
    for (String id : parameter.split(",")) {
      if (!id.isBlank()) {
        ids.add(Long.parseLong(id.trim()));
      }
    }
    return ids;
  }

  /** One execution with its step metrics and the mailbox of each partition. */
  public JobDetail detail(long executionId) {
    JobOperator operator = BatchRuntime.getJobOperator();
    JobExecution execution = execution(operator, executionId);
    JobView raw = view(execution, operator.getJobInstance(executionId).getInstanceId());
    List<JobDetail.StepView> steps =
        operator.getStepExecutions(executionId).stream().map(JobService::step).toList();
    return new JobDetail(
        withAddresses(raw),
        steps,
        mailboxes.partitions(ids(raw.mailboxes()), partitionMetrics.of(executionId)));
  }

  private static JobDetail.StepView step(StepExecution step) {
    Metric[] metrics = step.getMetrics() == null ? new Metric[0] : step.getMetrics();
    return new JobDetail.StepView(
        step.getStepExecutionId(),
        step.getStepName(),
        String.valueOf(step.getBatchStatus()),
        step.getExitStatus(),
        instant(step.getStartTime()),
        instant(step.getEndTime()),
        metric(metrics, Metric.MetricType.READ_COUNT),
        metric(metrics, Metric.MetricType.WRITE_COUNT),
        metric(metrics, Metric.MetricType.COMMIT_COUNT),
        metric(metrics, Metric.MetricType.ROLLBACK_COUNT),
        metric(metrics, Metric.MetricType.READ_SKIP_COUNT)
            + metric(metrics, Metric.MetricType.PROCESS_SKIP_COUNT)
            + metric(metrics, Metric.MetricType.WRITE_SKIP_COUNT),
        metric(metrics, Metric.MetricType.FILTER_COUNT));
  }

  private static long metric(Metric[] metrics, Metric.MetricType type) {
    return Arrays.stream(metrics)
        .filter(m -> m.getType() == type)
        .mapToLong(Metric::getValue)
        .sum();
  }

  /**
   * Stops a running execution: each partition ends at its next chunk boundary (Jakarta Batch
   * 8.7.1), and its mailboxes, stopped with it, say so and resume from their checkpoints when the
   * execution is restarted or the mailbox resynced.
   *
   * @return how many mailboxes were stopped
   */
  public int stop(long executionId) {
    JobOperator operator = BatchRuntime.getJobOperator();
    JobView job = view(execution(operator, executionId), 0);
    if (!job.stoppable()) {
      throw new IllegalStateException(
          "job execution "
              + executionId
              + " is "
              + job.batchStatus()
              + "; only a STARTING or STARTED one can be stopped");
    }
    try {
      operator.stop(executionId);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "job execution " + executionId + " cannot be stopped: " + e.getMessage(), e);
    }
    return actions.stoppedWithExecution(executionId, ids(job.mailboxes()));
  }

  /**
   * Restarts a failed or stopped execution, the newest of its job instance: Jakarta Batch re-runs
   * only its failed and stopped partitions, which continue from their folder checkpoints.
   *
   * @return the new execution's id
   */
  public long restart(long executionId) {
    JobOperator operator = BatchRuntime.getJobOperator();
    JobExecution execution = execution(operator, executionId);
    String status = String.valueOf(execution.getBatchStatus());
    if (!"FAILED".equals(status) && !"STOPPED".equals(status)) {
      throw new IllegalStateException(
          "job execution "
              + executionId
              + " is "
              + status
              + "; only FAILED or STOPPED ones restart");
    }
    Optional<Long> newer =
        operator.getJobExecutions(operator.getJobInstance(executionId)).stream()
            .map(JobExecution::getExecutionId)
            .filter(id -> id > executionId)
            .max(Long::compare);
    if (newer.isPresent()) {
      throw new IllegalStateException(
          "job execution "
              + executionId
              + " was already restarted as execution "
              + newer.get()
              + "; restart that one");
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

  private static JobExecution execution(JobOperator operator, long executionId) {
    try {
      return operator.getJobExecution(executionId);
    } catch (NoSuchJobExecutionException e) {
      throw new NotFoundException("no job execution " + executionId);
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
