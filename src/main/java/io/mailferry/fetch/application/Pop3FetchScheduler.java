package io.mailferry.fetch.application;

import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
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
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a {@code pop3-fetch} job execution, once a second on a managed scheduler, for each fetch
 * that is queued, waiting for the load gate or a slot, left running by a server stop, or due to
 * repeat; only while the gate is open and a mailbox slot is free, and never beside a live execution
 * of the same fetch.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Pop3FetchScheduler {

  public static final String JOB = "pop3-fetch";
  private static final Logger LOG = Logger.getLogger(Pop3FetchScheduler.class.getName());

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private FetchRecords records;
  @Inject private Pop3FetchRunner runner;
  @Inject private LoadGate gate;
  @Inject private MailboxSlots slots;

  private ScheduledFuture<?> ticking;

  @PostConstruct
  void start() {
    int interrupted = records.forgetExecutions();
    if (interrupted > 0) {
      LOG.info(interrupted + " POP3 fetches interrupted by a server stop start again");
    }
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
      Instant now = Instant.now();
      if (!gate.isOpen()) {
        records.holdQueued(gate.waitingReason());
        return;
      }
      JobOperator operator = null;
      for (long id : records.wanting(now)) {
        if (Math.min(slots.capacity(), gate.allowed()) - slots.claimedCount() <= 0) {
          return;
        }
        if (runner.isRunningHere(id) || !records.queueIfDue(id, now)) {
          continue;
        }
        if (operator == null) {
          operator = BatchRuntime.getJobOperator();
        }
        Long last = records.jobExecution(id);
        if (last != null && running(operator, last)) {
          continue;
        }
        Properties parameters = new Properties();
        parameters.setProperty("fetchId", String.valueOf(id));
        long execution = operator.start(JOB, parameters);
        records.started(id, execution);
        LOG.info(() -> "Started job execution " + execution + " for POP3 fetch " + id);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot start POP3 fetches", e);
    }
  }

  private static boolean running(JobOperator operator, long executionId) {
    try {
      BatchStatus status = operator.getJobExecution(executionId).getBatchStatus();
      return status == BatchStatus.STARTING
          || status == BatchStatus.STARTED
          || status == BatchStatus.STOPPING;
    } catch (RuntimeException e) {
      return false; // no such execution (any more)
    }
  }
}
