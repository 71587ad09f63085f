package io.mailferry.ops;

/**
 * How many mailboxes the load lets copy, one load sample after another. Over the threshold the
 * number shrinks by one per sample, never below the floor, instead of stopping every mailbox; at or
 * above the hard threshold none copies; below the reopening load it grows back by one per sample.
 * Between the reopening load and the threshold it holds: a copy whose own load swings around the
 * threshold does not make mailboxes stop and start.
 *
 * <p>The load is a 1-minute average, which trails the mailboxes that paused by up to a minute: a
 * load over the threshold that already fell since the previous sample holds the number too, so that
 * the gate does not shrink to the floor before the pauses show in the average.
 *
 * @param threshold the threshold and the load below which the number grows again
 * @param hardThreshold at or above it no mailbox copies (at most equal to the threshold: the gate
 *     then stops every mailbox at the threshold)
 * @param floor mailboxes that keep copying while the load is between the threshold and the hard
 *     threshold (after a closure the number climbs back to it, one per sample)
 * @param capacity mailboxes allowed while the load is low: the slots
 */
public record LoadThrottle(LoadThreshold threshold, double hardThreshold, int floor, int capacity) {

  public LoadThrottle {
    if (capacity < 0) {
      throw new IllegalArgumentException("the capacity must be at least 0");
    }
    if (floor < 0) {
      throw new IllegalArgumentException("the floor of mailboxes copying must be at least 0");
    }
    if (!(hardThreshold >= threshold.threshold())) {
      throw new IllegalArgumentException(
          "the hard load threshold must be at least the threshold ("
              + LoadThreshold.percent(threshold.threshold())
              + ")");
    }
    floor = Math.min(floor, capacity);
  }

  /**
   * The throttle as configured: a hard threshold below the threshold is raised to it (every mailbox
   * stops at the threshold, as a gate without throttling does).
   */
  public static LoadThrottle of(
      double threshold, double reopenMargin, double hardThreshold, int floor, int capacity) {
    LoadThreshold gate = new LoadThreshold(threshold, Math.max(0.01, threshold - reopenMargin));
    return new LoadThrottle(gate, Math.max(threshold, hardThreshold), floor, capacity);
  }

  /**
   * The mailboxes allowed to copy after a sample.
   *
   * @param allowed the number allowed before this sample
   * @param copying the mailboxes copying now (fewer than allowed when the queue is short)
   * @param previousLoad the sample before, NaN when none
   * @param load this sample; NaN (unknown) never holds mailboxes back
   */
  public int next(int allowed, int copying, double previousLoad, double load) {
    if (unknown(load) || load < threshold.reopenBelow()) {
      return Math.min(capacity, allowed + 1);
    }
    if (load >= hardThreshold) {
      return 0;
    }
    if (load < threshold.threshold()) {
      return allowed;
    }
    if (allowed < floor) {
      return allowed + 1;
    }
    if (load < previousLoad) {
      return allowed;
    }
    // from the mailboxes copying, not from the allowance: one fewer takes effect at once
    return Math.max(floor, Math.min(allowed, copying) - 1);
  }

  /** Open (every slot allowed), throttled, or closed (none). */
  public LoadGate.State state(int allowed) {
    if (allowed <= 0 && capacity > 0) {
      return LoadGate.State.CLOSED;
    }
    return allowed >= capacity ? LoadGate.State.OPEN : LoadGate.State.THROTTLED;
  }

  private static boolean unknown(double load) {
    return Double.isNaN(load) || load < 0;
  }
}
