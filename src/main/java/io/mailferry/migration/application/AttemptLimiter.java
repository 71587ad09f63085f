package io.mailferry.migration.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * At most {@code max} attempts per key in any sliding window of the given length, in memory. An
 * attempt is recorded when it starts, so parallel requests cannot overrun the limit, and
 * forgotten again when it succeeded ({@link #release}): only refused attempts use up the
 * allowance. Keys whose attempts all left the window are dropped now and then.
 */
public final class AttemptLimiter {

  private static final int SWEEP_EVERY = 1000;

  private final int max;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> attempts = new HashMap<>();
  private int sinceSweep;

  public AttemptLimiter(int max, Duration window, Clock clock) {
    if (max < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a limit needs max >= 1 and a positive window");
    }
    this.max = max;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Records an attempt for {@code key}.
   *
   * @return false, recording nothing, when {@code max} attempts are in the window already
   */
  public synchronized boolean tryAcquire(String key) {
    Instant now = clock.instant();
    sweepNowAndThen(now);
    Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    if (times.size() >= max) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  /** Forgets the latest attempt of {@code key} (it succeeded). */
  public synchronized void release(String key) {
    Deque<Instant> times = attempts.get(key);
    if (times != null) {
      times.pollLast();
      if (times.isEmpty()) {
        attempts.remove(key);
      }
    }
  }

  /** How long until {@code key} may try again; zero when it may now. */
  public synchronized Duration retryAfter(String key) {
    Instant now = clock.instant();
    Deque<Instant> times = attempts.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    expire(times, now);
    if (times.size() < max) {
      return Duration.ZERO;
    }
    return Duration.between(now, times.peekFirst().plus(window));
  }

  private void expire(Deque<Instant> times, Instant now) {
    Instant oldest = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.pollFirst();
    }
  }

  private void sweepNowAndThen(Instant now) {
    if (++sinceSweep < SWEEP_EVERY) {
      return;
    }
    sinceSweep = 0;
    for (Iterator<Deque<Instant>> it = attempts.values().iterator(); it.hasNext(); ) {
      Deque<Instant> times = it.next();
      expire(times, now);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }
}
