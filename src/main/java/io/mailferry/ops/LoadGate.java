package io.mailferry.ops;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Samples the load every few seconds on a managed scheduler. While it is at or above the threshold
 * no mailbox starts, and running ones pause at their next chunk.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LoadGate {

  private static final Logger LOG = Logger.getLogger(LoadGate.class.getName());

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private MailferryConfig config;

  private volatile double load = Double.NaN;
  private volatile boolean open = true;
  private final java.util.concurrent.atomic.AtomicLong closures =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile LoadThreshold threshold;
  private LoadSource source;
  private ScheduledFuture<?> sampling;

  @PostConstruct
  void start() {
    threshold =
        new LoadThreshold(
            config.loadThreshold(),
            Math.max(0.01, config.loadThreshold() - config.loadReopenMargin()));
    source = config.loadFile().map(f -> LoadSource.file(Path.of(f))).orElse(LoadSource.system());
    sample();
    long period = Math.max(1, config.loadSampleInterval().toMillis());
    sampling = scheduler.scheduleAtFixedRate(this::sample, period, period, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (sampling != null) {
      sampling.cancel(false);
    }
  }

  void sample() {
    load = source.load();
    boolean wasOpen = open;
    boolean nowOpen = threshold.next(wasOpen, load);
    open = nowOpen;
    if (wasOpen != nowOpen) {
      if (!nowOpen) {
        closures.incrementAndGet();
      }
      LOG.info(
          () ->
              (nowOpen ? "Load gate open: " : "Load gate closed: ")
                  + "load "
                  + LoadThreshold.percent(load)
                  + ", threshold "
                  + LoadThreshold.percent(threshold.threshold()));
    }
  }

  public boolean isOpen() {
    return open;
  }

  /** How often the gate closed since the server started (the dashboard shows it). */
  public long closures() {
    return closures.get();
  }

  /** Why mailboxes wait, for the status page. */
  public String waitingReason() {
    return "Waiting for the server load to drop: load "
        + LoadThreshold.percent(load)
        + (load >= threshold.threshold()
            ? " is at or above " + LoadThreshold.percent(threshold.threshold())
            : " has not yet dropped below " + LoadThreshold.percent(threshold.reopenBelow()));
  }

  public double load() {
    return load;
  }
}
