package io.mailferry.migration.application.timing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The time one mailbox's copy spent in each phase, added up from every thread that works on it (the
 * reader, its read-ahead and the writer overlap, so the phases may add up to more than the wall
 * time).
 */
public final class PhaseTimes {

  /** What the copy was doing. */
  public enum Phase {
    /** connecting and logging in, and logging out (both servers) */
    CONNECT,
    /** LIST of both servers and the source's STATUS of every folder */
    LIST,
    /** opening (SELECT or EXAMINE) and closing a source folder */
    SELECT,
    /** reading the source's UIDs, sizes and flags without the bodies */
    SCAN,
    /** reading message bodies from the source */
    FETCH,
    /** APPEND to the destination */
    APPEND,
    /** creating folders, STATUS, UID SEARCH and flag changes on the destination */
    CHECK,
    /** writing a chunk's records and checkpoint to the database */
    RECORD;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whom the copy was waiting for. */
  public enum Side {
    SOURCE,
    DESTINATION,
    DATABASE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the phases added up to, in seconds.
   *
   * @param wallSeconds from the first connection to the end (or to now while it runs)
   * @param seconds by phase label, in the order of {@link Phase}
   * @param calls how many calls each phase made, by phase label
   * @param waiting by side label: the time spent waiting on the source, the destination and the
   *     database
   */
  public record Report(
      String email,
      Instant started,
      boolean finished,
      double wallSeconds,
      Map<String, Double> seconds,
      Map<String, Long> calls,
      Map<String, Double> waiting) {}

  private final String email;
  private final LongSupplier nanoTime;
  private final Instant started;
  private final long startedNanos;
  private final LongAdder[] nanos = new LongAdder[Phase.values().length];
  private final LongAdder[] calls = new LongAdder[Phase.values().length];
  private final LongAdder[] sides = new LongAdder[Side.values().length];
  private volatile long finishedNanos = -1;

  public PhaseTimes(String email) {
    this(email, System::nanoTime, Instant.now());
  }

  PhaseTimes(String email, LongSupplier nanoTime, Instant started) {
    this.email = email;
    this.nanoTime = nanoTime;
    this.started = started;
    this.startedNanos = nanoTime.getAsLong();
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = new LongAdder();
      calls[i] = new LongAdder();
    }
    for (int i = 0; i < sides.length; i++) {
      sides[i] = new LongAdder();
    }
  }

  public String email() {
    return email;
  }

  /**
   * Now, on this accumulator's clock: pass it to {@link #add(Phase, Side, long)} after the call.
   */
  public long start() {
    return nanoTime.getAsLong();
  }

  /** Adds the time since {@code startNanos} (from {@link #start()}) to a phase and a side. */
  public void add(Phase phase, Side side, long startNanos) {
    long elapsed = Math.max(0, nanoTime.getAsLong() - startNanos);
    nanos[phase.ordinal()].add(elapsed);
    calls[phase.ordinal()].increment();
    sides[side.ordinal()].add(elapsed);
  }

  /** Marks the end of the mailbox's copy (the wall time stops); the first call counts. */
  public void finish() {
    if (finishedNanos < 0) {
      finishedNanos = nanoTime.getAsLong();
    }
  }

  public boolean finished() {
    return finishedNanos >= 0;
  }

  public Report report() {
    long end = finishedNanos >= 0 ? finishedNanos : nanoTime.getAsLong();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Phase phase : Phase.values()) {
      seconds.put(phase.label(), nanos[phase.ordinal()].sum() / 1e9);
      counts.put(phase.label(), calls[phase.ordinal()].sum());
    }
    Map<String, Double> waiting = new LinkedHashMap<>();
    for (Side side : Side.values()) {
      waiting.put(side.label(), sides[side.ordinal()].sum() / 1e9);
    }
    return new Report(
        email, started, finished(), (end - startedNanos) / 1e9, seconds, counts, waiting);
  }

  /**
   * One line for the log: "list 0.1 s, select 2.3 s, ...; waiting on the source 12.0 s, the
   * destination 8.1 s, the database 1.2 s; wall 20.3 s".
   */
  public String summary() {
    Report report = report();
    StringBuilder line = new StringBuilder();
    report
        .seconds()
        .forEach(
            (phase, s) ->
                line.append(line.length() == 0 ? "" : ", ")
                    .append(phase)
                    .append(' ')
                    .append(format(s)));
    line.append("; waiting on the source ")
        .append(format(report.waiting().get(Side.SOURCE.label())))
        .append(", the destination ")
        .append(format(report.waiting().get(Side.DESTINATION.label())))
        .append(", the database ")
        .append(format(report.waiting().get(Side.DATABASE.label())))
        .append("; wall ")
        .append(format(report.wallSeconds()));
    return line.toString();
  }

  private static String format(double seconds) {
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }
}
