package io.mailferry.restore.application;

import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import io.mailferry.restore.domain.Restoration;
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
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a job execution of {@code mailbox-restoration} for the oldest queued restoration, once a
 * second, while the load gate is open and a mailbox slot is free. At start-up a restoration that
 * was running when the server stopped goes back in the queue and resumes from its checkpoints.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RestorationDispatcher {

  public static final String JOB = "mailbox-restoration";
  private static final Logger LOG = Logger.getLogger(RestorationDispatcher.class.getName());

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private RestorationRecords records;
  @Inject private LoadGate gate;
  @Inject private MailboxSlots slots;

  private ScheduledFuture<?> ticking;

  @PostConstruct
  void start() {
    int requeued = records.requeueInterrupted();
    if (requeued > 0) {
      LOG.info(requeued + " restorations interrupted by a server stop are queued again");
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
      if (!gate.isOpen()) {
        records.holdQueued(gate.waitingReason());
        return;
      }
      if (slots.claimedCount() >= Math.min(slots.capacity(), gate.allowed())) {
        return;
      }
      JobOperator operator = BatchRuntime.getJobOperator();
      for (Restoration restoration : records.queued()) {
        long id = restoration.getId();
        if (slots.isClaimed(RestorationCopy.slotKey(id))
            || restoration.getExecutionId() != null
                && running(operator, restoration.getExecutionId())) {
          continue;
        }
        Properties parameters = new Properties();
        parameters.setProperty("restorationId", String.valueOf(id));
        long execution = operator.start(JOB, parameters);
        records.noteExecution(id, execution);
        LOG.info(() -> "Started job execution " + execution + " for restoration " + id);
        return;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot start queued restorations", e);
    }
  }

  private static boolean running(JobOperator operator, long execution) {
    try {
      BatchStatus status = operator.getJobExecution(execution).getBatchStatus();
      return status == BatchStatus.STARTING
          || status == BatchStatus.STARTED
          || status == BatchStatus.STOPPING;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
