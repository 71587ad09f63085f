package io.mailferry.migration.application;

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
import jakarta.inject.Inject;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts a job execution for the mailboxes in the queue, once a second. At start-up it first puts
 * back in the queue every mailbox that was copying when the server stopped, so none is left
 * showing "running" forever.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MigrationDispatcher {

  public static final String JOB = "mailbox-migration";
  private static final Logger LOG = Logger.getLogger(MigrationDispatcher.class.getName());
  private static final int MAX_PER_EXECUTION = 1000;

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private MigrationStarts starts;

  private ScheduledFuture<?> ticking;

  @PostConstruct
  void start() {
    int recovered = starts.recoverInterrupted();
    if (recovered > 0) {
      LOG.info(recovered + " mailbox migrations interrupted by a server stop are queued again");
    }
    int marked = starts.markInterruptedExecutions(JOB);
    if (marked > 0) {
      LOG.info(marked + " job executions interrupted by a server stop are marked FAILED");
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
      List<Long> ids = starts.claimQueued(MAX_PER_EXECUTION);
      if (ids.isEmpty()) {
        return;
      }
      JobOperator operator = BatchRuntime.getJobOperator();
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
}
