package io.mailferry.ops;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples the usage metrics on the managed scheduler that also drives the load gate: the load as
 * the gate sees it (and the 5- and 15-minute averages from {@code /proc/loadavg}), throughput since
 * the last sample, mailboxes per state and heap; stores a point every {@code
 * mailferry.metrics.sample-seconds} (60) and compacts the store hourly.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "LoadGate"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class UsageSampler {

  private static final Logger LOG = Logger.getLogger(UsageSampler.class.getName());
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private LoadGate gate;
  @Inject private io.mailferry.cluster.ClusterInstance instance;
  @Inject private MailboxSlots slots;
  @Inject private MailferryConfig config;
  @Inject private UsageStore store;

  @Inject
  @ConfigProperty(name = "mailferry.metrics.sample-seconds", defaultValue = "60")
  private int sampleSeconds;

  private ScheduledFuture<?> sampling;
  private long[] lastTotals;
  private Instant lastSample;
  private Instant lastCompaction = Instant.EPOCH;

  @PostConstruct
  void start() {
    long period = Math.max(1, sampleSeconds);
    sampling = scheduler.scheduleAtFixedRate(this::sample, period, period, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (sampling != null) {
      sampling.cancel(false);
    }
  }

  synchronized void sample() {
    try {
      Instant now = Instant.now();
      long[] totals = store.copiedSoFar();
      double seconds =
          lastSample == null
              ? 0
              : Math.max(0.001, Duration.between(lastSample, now).toMillis() / 1000.0);
      double messages =
          lastTotals == null
              ? 0
              : Math.max(0, totals[0] - lastTotals[0]) / Math.max(seconds, 0.001);
      double bytes =
          lastTotals == null
              ? 0
              : Math.max(0, totals[1] - lastTotals[1]) / Math.max(seconds, 0.001);
      lastTotals = totals;
      lastSample = now;
      int cpus = Runtime.getRuntime().availableProcessors();
      double[] averages = loadAverages();
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      store.add(
          new UsagePoint(
              now,
              Math.max(1, sampleSeconds),
              cpus,
              Double.isNaN(gate.load()) ? null : gate.load(),
              averages == null ? null : averages[1] / cpus,
              averages == null ? null : averages[2] / cpus,
              config.loadThreshold(),
              messages,
              bytes,
              slots.inUse(),
              store.count("WAITING"),
              store.count("QUEUED"),
              heap.getUsed(),
              heap.getMax(),
              instance.id()));
      if (Duration.between(lastCompaction, now).compareTo(Duration.ofHours(1)) >= 0) {
        store.compact(now);
        lastCompaction = now;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot sample the usage metrics", e);
    }
  }

  /** 1-, 5- and 15-minute load averages, or null where the system has no /proc/loadavg. */
  private static double[] loadAverages() {
    try {
      String[] fields = Files.readString(LOADAVG).trim().split("\\s+");
      return new double[] {
        Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
