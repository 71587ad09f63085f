package io.mailferry.migration.application;

import io.mailferry.config.SecretBox;
import io.mailferry.destination.provisioning.MailAccount;
import io.mailferry.destination.provisioning.Provisioner;
import io.mailferry.destination.provisioning.Provisioners;
import io.mailferry.imap.ImapFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts batches, once a second: the queued mailboxes of a due batch's open wave get their
 * destination accounts from the provisioner and run as one job execution of {@code
 * mailbox-migration} (the job parameters name them by id only). Mailboxes of a stopped batch go
 * back to the queue once their job execution has ended. {@link MigrationDispatcher} leaves batch
 * mailboxes to this class.
 */
@Singleton
@Startup
@DependsOn("MigrationDispatcher")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BatchStarter {

  private static final Logger LOG = Logger.getLogger(BatchStarter.class.getName());
  private static final Set<BatchStatus> RUNNING =
      Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject BatchRecords records;
  @Inject MigrationStarts starts;
  @Inject Provisioners provisioners;
  @Inject SecretBox secrets;

  private ScheduledFuture<?> ticking;

  @PostConstruct
  void start() {
    ticking = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  void tick() {
    try {
      settleStopped();
      for (long batch : records.due(Instant.now())) {
        startWave(batch);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot start batch migrations", e);
    }
  }

  private void startWave(long batch) {
    List<BatchRecords.Claimed> claimed = records.claimWave(batch, Instant.now());
    if (claimed.isEmpty()) {
      return;
    }
    List<Long> ids = provision(claimed);
    if (ids.isEmpty()) {
      return;
    }
    JobOperator operator = BatchRuntime.getJobOperator();
    Properties parameters = new Properties();
    parameters.setProperty(
        "migrationIds", ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
    long execution = operator.start(MigrationDispatcher.JOB, parameters);
    starts.noteExecution(ids, execution);
    LOG.info(
        () ->
            "Batch "
                + batch
                + ": job execution "
                + execution
                + " for "
                + ids.size()
                + " mailboxes");
  }

  /** Creates the accounts not created yet; a mailbox whose account fails stops in ERROR. */
  private List<Long> provision(List<BatchRecords.Claimed> claimed) {
    Provisioner provisioner = provisioners.selected();
    List<Long> ready = new ArrayList<>();
    for (BatchRecords.Claimed mailbox : claimed) {
      if (mailbox.sealedAccountPassword() == null) {
        ready.add(mailbox.migrationId());
        continue;
      }
      try {
        provisioner.provision(
            MailAccount.of(mailbox.email()), secrets.decrypt(mailbox.sealedAccountPassword()));
        records.provisioned(mailbox.memberId());
        ready.add(mailbox.migrationId());
      } catch (RuntimeException e) {
        String reason =
            "The destination account cannot be created (provisioner "
                + provisioner.name()
                + "): "
                + ImapFailure.rootMessage(e);
        LOG.warning(() -> mailbox.email() + ": " + reason);
        records.failed(mailbox.migrationId(), reason);
      }
    }
    return ready;
  }

  private void settleStopped() {
    Map<Long, List<Long>> stopping = records.stoppingExecutions();
    if (stopping.isEmpty()) {
      return;
    }
    JobOperator operator = BatchRuntime.getJobOperator();
    for (Map.Entry<Long, List<Long>> execution : stopping.entrySet()) {
      BatchStatus status = execution.getKey() < 0 ? null : status(operator, execution.getKey());
      if (status == BatchStatus.STARTING || status == BatchStatus.STARTED) {
        // started while the batch was being stopped
        stopExecution(operator, execution.getKey());
      } else if (!RUNNING.contains(status)) {
        records.requeueStopped(execution.getValue());
      }
    }
  }

  static void stopExecution(JobOperator operator, long execution) {
    try {
      operator.stop(execution);
    } catch (RuntimeException e) {
      // it ended meanwhile: its mailboxes are settled on the next tick
      LOG.log(Level.FINE, "Job execution " + execution + " cannot be stopped", e);
    }
  }

  private static BatchStatus status(JobOperator operator, long execution) {
    try {
      return operator.getJobExecution(execution).getBatchStatus();
    } catch (RuntimeException e) {
      return BatchStatus.ABANDONED;
    }
  }
}
