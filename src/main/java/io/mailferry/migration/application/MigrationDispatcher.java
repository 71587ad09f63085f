package io.mailferry.migration.application;

import io.mailferry.cluster.ClusterInstance;
import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts a job execution for the mailboxes in the queue, once a second and as soon as a mailbox is
 * queued, under this instance's leases. Once per heartbeat period it puts back in the queue the
 * mailboxes whose instance stopped renewing its lease (any instance may then resume them). On H2,
 * which serves one instance, it also puts back every mailbox that was copying when the server
 * stopped, at start-up.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "Heartbeat"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MigrationDispatcher {

  public static final String JOB = "mailbox-migration";
  private static final Logger LOG = Logger.getLogger(MigrationDispatcher.class.getName());
  private static final int MAX_PER_EXECUTION = 1000;

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private MigrationStarts starts;
  @Inject private JobRepositoryTables jobRepository;
  @Inject private io.mailferry.ops.LoadGate gate;
  @Inject private io.mailferry.ops.MailboxSlots slots;
  @Inject private ClusterInstance instance;
  @Inject private MailferryConfig config;

  private ScheduledFuture<?> ticking;
  private long nextRecovery;

  @PostConstruct
  void start() {
    int spools =
        SpoolDirectories.removeLeftovers(
            java.time.Instant.ofEpochMilli(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
    if (spools > 0) {
      LOG.info(spools + " spool directories left by an earlier server stop were removed");
    }
    if (MailferryDatabase.get().h2()) {
      // H2 serves one instance: whatever ran before this start was interrupted by its stop
      starts.dropLeases();
      int recovered = starts.recoverInterrupted();
      if (recovered > 0) {
        LOG.info(recovered + " mailbox migrations interrupted by a server stop are queued again");
      }
      int marked = jobRepository.markInterruptedExecutions(JOB);
      if (marked > 0) {
        LOG.info(marked + " job executions interrupted by a server stop are marked FAILED");
      }
    } else {
      LOG.info(
          "Instance "
              + instance.id()
              + " recovers only mailboxes whose lease ran out; others may be copying the rest");
    }
    ticking = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** A mailbox queued by a transaction that committed starts now, not up to a second later. */
  public void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailboxesQueued queued) {
    scheduler.execute(this::tick);
  }

  /**
   * Starts work only while a slot is free and the load gate allows one more mailbox; a mailbox that
   * paused is started again here once its job execution has ended. One round at a time: two would
   * both count the same free slots.
   */
  synchronized void tick() {
    try {
      recoverExpiredLeases();
      // while the gate throttles, only as many start as it allows: the others would pause at once
      int free = Math.min(slots.capacity(), gate.allowed()) - slots.claimedCount();
      if (free <= 0) {
        if (gate.allowed() < slots.capacity()) {
          starts.holdQueued(gate.waitingReason());
        }
        return;
      }
      JobOperator operator = BatchRuntime.getJobOperator();
      List<Long> ids =
          starts.claimStartable(
              Math.min(free, MAX_PER_EXECUTION),
              id -> running(operator, id),
              instance.id(),
              config.clusterLease().toMillis());
      if (ids.isEmpty()) {
        return;
      }
      Properties parameters = new Properties();
      parameters.setProperty(
          "migrationIds", ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
      long execution = operator.start(JOB, parameters);
      starts.noteExecution(ids, execution);
      LOG.info(() -> "Started job execution " + execution + " for " + ids.size() + " mailboxes");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot start queued migrations", e);
    }
  }

  /**
   * Once per heartbeat period: mailboxes whose instance stopped renewing its lease go back to the
   * queue, and that instance's job executions are marked FAILED (nothing runs them any more).
   */
  private void recoverExpiredLeases() {
    long now = System.nanoTime();
    if (now - nextRecovery < 0) {
      return;
    }
    nextRecovery = now + config.clusterLease().toNanos() / 5;
    MigrationStarts.Recovered recovered = starts.recoverExpired();
    if (!recovered.mailboxes().isEmpty()) {
      LOG.info(
          "Instance "
              + instance.id()
              + " queued again "
              + recovered.mailboxes().size()
              + " mailboxes whose lease ran out: "
              + String.join(", ", recovered.mailboxes()));
    }
    int marked = jobRepository.markInterruptedExecutions(JOB, recovered.executions());
    if (marked > 0) {
      LOG.info(
          marked
              + " job executions of an instance whose lease ran out are marked FAILED: "
              + recovered.executions());
    }
  }

  private static boolean running(JobOperator operator, long executionId) {
    try {
      jakarta.batch.runtime.BatchStatus status =
          operator.getJobExecution(executionId).getBatchStatus();
      return status == jakarta.batch.runtime.BatchStatus.STARTING
          || status == jakarta.batch.runtime.BatchStatus.STARTED
          || status == jakarta.batch.runtime.BatchStatus.STOPPING;
    } catch (RuntimeException e) {
      return false; // no such execution (any more): nothing will run the mailbox
    }
  }
}
