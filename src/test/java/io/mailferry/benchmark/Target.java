package io.mailferry.benchmark;

import java.util.Locale;

/**
 * One of issue 11's targets beside what this run measured (the issue judges the median of three
 * runs; one run on a shared machine only shows where it stands).
 *
 * @param what e.g. "Mailferry / mbsync, loopback"
 */
record Target(String scenario, String what, String measured, String goal, boolean met) {

  /** A ratio (2.10x) that should be at least {@code goal}. */
  static Target ratio(String scenario, String what, double value, double goal) {
    return new Target(
        scenario,
        what,
        format("%.2fx", value),
        format("≥ %.1fx", goal),
        !Double.isNaN(value) && value >= goal);
  }

  /** A share (0.84 shown as 84 %) that should be at least {@code goal}. */
  static Target percent(String scenario, String what, double value, double goal) {
    return new Target(
        scenario,
        what,
        format("%.0f %%", 100 * value),
        format("≥ %.0f %%", 100 * goal),
        !Double.isNaN(value) && value >= goal);
  }

  String metOrNot() {
    return met ? "met" : "not met";
  }

  private static String format(String pattern, double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, pattern, value);
  }
}
