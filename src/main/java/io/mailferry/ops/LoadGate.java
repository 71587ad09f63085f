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
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Samples the load every few seconds on a managed scheduler and decides how many mailboxes may copy
 * ({@link LoadThrottle}): all of them while the load is low, fewer while it is over the threshold,
 * none at or above the hard threshold. A mailbox asks at each chunk ({@link #admits}); the ones
 * beyond the number allowed pause there and the dispatcher starts them again when there is room. It
 * counts, since this instance started, how often it throttled and closed and how many mailboxes it
 * paused.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LoadGate {

  private static final Logger LOG = Logger.getLogger(LoadGate.class.getName());

  /** Every slot allowed, fewer, or none. */
  public enum State {
    OPEN,
    THROTTLED,
    CLOSED
  }

  /**
   * The gate as the dashboard and {@code GET /api/cluster} show it: the counts are since {@code
   * since}, when this instance started.
   */
  public record Report(
      State state,
      Double load,
      int allowed,
      int capacity,
      double threshold,
      double reopenBelow,
      double hardThreshold,
      long throttles,
      long closures,
      long mailboxPauses,
      Instant since) {}

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject private MailferryConfig config;
  @Inject private MailboxSlots slots;

  private final Throttling now = new Throttling();
  private LoadSource source;
  private ScheduledFuture<?> sampling;

  @PostConstruct
  void start() {
    now.policy =
        LoadThrottle.of(
            config.loadThreshold(),
            config.loadReopenMargin(),
            config.loadHardThreshold(),
            config.loadThrottleFloor(),
            slots.capacity());
    now.slots = slots;
    now.allowed = slots.capacity();
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
    double load = source.load();
    now.sample(load);
  }

  /** Whether any mailbox may copy now (the gate is not closed); which ones: {@link #admits}. */
  public boolean isOpen() {
    return now.allowed > 0;
  }

  /**
   * Whether this mailbox may start or go on copying: every one while the gate is open; while it
   * throttles, those holding the oldest slots (a mailbox without a slot when one of the allowed is
   * free). A mailbox refused pauses at once, and the pause is counted.
   */
  public boolean admits(long migrationId) {
    int allowed = now.allowed;
    boolean admitted =
        allowed >= now.policy.capacity()
            || (allowed > 0 && now.slots.amongFirst(migrationId, allowed));
    if (!admitted) {
      now.pauses.incrementAndGet();
    }
    return admitted;
  }

  /** Mailboxes allowed to copy at once now: the slots while open, fewer while throttled. */
  public int allowed() {
    return now.allowed;
  }

  public State state() {
    return now.policy.state(now.allowed);
  }

  /** How often the gate closed since this instance started. */
  public long closures() {
    return now.closures.get();
  }

  /** How often it began throttling (from open) since this instance started. */
  public long throttles() {
    return now.throttles.get();
  }

  /** Mailboxes it paused since this instance started. */
  public long mailboxPauses() {
    return now.pauses.get();
  }

  public Report report() {
    LoadThrottle policy = now.policy;
    double load = now.load;
    return new Report(
        policy.state(now.allowed),
        Double.isNaN(load) ? null : load,
        now.allowed,
        policy.capacity(),
        policy.threshold().threshold(),
        policy.threshold().reopenBelow(),
        policy.hardThreshold(),
        now.throttles.get(),
        now.closures.get(),
        now.pauses.get(),
        now.since);
  }

  /** Why mailboxes wait, for the status page. */
  public String waitingReason() {
    LoadThrottle policy = now.policy;
    double load = now.load;
    int allowed = now.allowed;
    String copying =
        allowed <= 0
            ? ", no mailbox copies"
            : ", " + allowed + " of " + policy.capacity() + " mailboxes copy meanwhile";
    if (Double.isNaN(load) || load < policy.threshold().reopenBelow()) {
      return "Waiting for a turn: the load gate lets one more mailbox copy at each load sample"
          + copying;
    }
    String why;
    if (load >= policy.hardThreshold()) {
      why = " is at or above " + LoadThreshold.percent(policy.hardThreshold());
    } else if (load >= policy.threshold().threshold()) {
      why = " is at or above " + LoadThreshold.percent(policy.threshold().threshold());
    } else {
      why = " has not yet dropped below " + LoadThreshold.percent(policy.threshold().reopenBelow());
    }
    return "Waiting for the server load to drop: load "
        + LoadThreshold.percent(load)
        + why
        + copying;
  }

  public double load() {
    return now.load;
  }

  /** The gate's state: written by the one sampling thread, read by every copy and page. */
  private static final class Throttling {
    private final Instant since = Instant.now();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong closures = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private volatile LoadThrottle policy;
    private volatile MailboxSlots slots;
    private volatile double load = Double.NaN;
    private volatile int allowed;

    // one sampler thread writes; readers see a consistent enough pair through the volatiles
    void sample(double load) {
      int before = allowed;
      int after = policy.next(before, slots.inUse(), this.load, load);
      this.load = load;
      allowed = after;
      State was = policy.state(before);
      State is = policy.state(after);
      if (after == before) {
        return;
      }
      if (is == State.THROTTLED && was == State.OPEN) {
        throttles.incrementAndGet();
      }
      if (is == State.CLOSED) {
        closures.incrementAndGet();
      }
      LOG.info(
          () ->
              "Load gate "
                  + is.name().toLowerCase(java.util.Locale.ROOT)
                  + ": "
                  + after
                  + " of "
                  + policy.capacity()
                  + " mailboxes may copy; load "
                  + LoadThreshold.percent(load)
                  + ", threshold "
                  + LoadThreshold.percent(policy.threshold().threshold())
                  + ", hard threshold "
                  + LoadThreshold.percent(policy.hardThreshold()));
    }
  }
}
