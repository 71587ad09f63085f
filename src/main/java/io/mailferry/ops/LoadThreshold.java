package io.mailferry.ops;

/**
 * Whether a load sample allows mailboxes to copy. The gate closes at the threshold and opens again
 * only below {@code reopenBelow}: a copy that itself pushes the load around the threshold does not
 * make the gate flap every few seconds.
 */
public record LoadThreshold(double threshold, double reopenBelow) {

  public LoadThreshold {
    if (!(threshold > 0) || threshold > 100) {
      throw new IllegalArgumentException("load threshold must be above 0, e.g. 0.7 for 70 %");
    }
    if (!(reopenBelow > 0) || reopenBelow > threshold) {
      throw new IllegalArgumentException(
          "the load at which the gate opens again must be above 0 and at most the threshold");
    }
  }

  public LoadThreshold(double threshold) {
    this(threshold, threshold);
  }

  /** The gate's state after this sample, given its state before. */
  public boolean next(boolean wasOpen, double load) {
    if (Double.isNaN(load) || load < 0) {
      return true;
    }
    return wasOpen ? load < threshold : load < reopenBelow;
  }

  /** Open below the threshold; at or above it, mailboxes wait. A missing sample never blocks. */
  public boolean allows(double load) {
    return Double.isNaN(load) || load < 0 || load < threshold;
  }

  public static String percent(double ratio) {
    return Math.round(ratio * 100) + " %";
  }
}
