package io.mailferry.ops;

/** Whether a load sample allows mailboxes to copy. */
public record LoadThreshold(double threshold) {

  public LoadThreshold {
    if (!(threshold > 0) || threshold > 100) {
      throw new IllegalArgumentException("load threshold must be above 0, e.g. 0.7 for 70 %");
    }
  }

  /** Open below the threshold; at or above it, mailboxes wait. A missing sample never blocks. */
  public boolean allows(double load) {
    return Double.isNaN(load) || load < 0 || load < threshold;
  }

  public static String percent(double ratio) {
    return Math.round(ratio * 100) + " %";
  }
}
