package io.mailferry.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Usage points merged into buckets of equal length: how the store keeps older samples coarser, and
 * how a chart of 24 hours or 7 days gets a few hundred points instead of thousands.
 */
public final class UsageSeries {

  /** The ranges a chart or {@code GET /api/metrics} shows, and the bucket each one uses. */
  public enum Range {
    HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
    DAY(Duration.ofHours(24), Duration.ofMinutes(5)),
    WEEK(Duration.ofDays(7), Duration.ofHours(1));

    private final Duration length;
    private final Duration bucket;

    Range(Duration length, Duration bucket) {
      this.length = length;
      this.bucket = bucket;
    }

    public Duration length() {
      return length;
    }

    public Duration bucket() {
      return bucket;
    }

    /** "1h", "24h" or "7d". */
    public String label() {
      return switch (this) {
        case HOUR -> "1h";
        case DAY -> "24h";
        case WEEK -> "7d";
      };
    }

    public static Range parse(String text) {
      String value = text == null || text.isBlank() ? "1h" : text.trim().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "1h" -> HOUR;
        case "24h", "1d" -> DAY;
        case "7d" -> WEEK;
        default ->
            throw new IllegalArgumentException("range '" + text + "' is not one of 1h, 24h, 7d");
      };
    }
  }

  private UsageSeries() {}

  /**
   * Averages the points of each bucket of {@code bucket} length (aligned to the epoch) into one
   * point stamped with the bucket's start, per instance; buckets without points are left out.
   */
  public static List<UsagePoint> merge(List<UsagePoint> points, Duration bucket) {
    long size = Math.max(1, bucket.toSeconds());
    Map<Long, Map<String, List<UsagePoint>>> buckets = new TreeMap<>();
    for (UsagePoint point : points) {
      long start = Math.floorDiv(point.time().getEpochSecond(), size) * size;
      buckets
          .computeIfAbsent(start, k -> new TreeMap<>())
          .computeIfAbsent(String.valueOf(point.instance()), k -> new ArrayList<>())
          .add(point);
    }
    List<UsagePoint> merged = new ArrayList<>();
    buckets.forEach(
        (start, byInstance) ->
            byInstance.forEach(
                (instance, group) ->
                    merged.add(
                        group.size() == 1 && group.get(0).resolutionSeconds() >= size
                            ? group.get(0)
                            : average(Instant.ofEpochSecond(start), (int) size, group))));
    return merged;
  }

  private static UsagePoint average(Instant time, int resolution, List<UsagePoint> group) {
    return new UsagePoint(
        time,
        resolution,
        (int) Math.round(mean(group, UsagePoint::cpus)),
        meanOrNull(group, UsagePoint::load1),
        meanOrNull(group, UsagePoint::load5),
        meanOrNull(group, UsagePoint::load15),
        mean(group, UsagePoint::threshold),
        mean(group, UsagePoint::messagesPerSecond),
        mean(group, UsagePoint::bytesPerSecond),
        (int) Math.round(mean(group, UsagePoint::copying)),
        (int) Math.round(mean(group, UsagePoint::waiting)),
        (int) Math.round(mean(group, UsagePoint::queued)),
        Math.round(mean(group, p -> p.heapUsed())),
        Math.round(mean(group, p -> p.heapMax())),
        group.get(0).instance());
  }

  private static double mean(List<UsagePoint> group, ToDoubleFunction<UsagePoint> value) {
    return group.stream().mapToDouble(value).average().orElse(0);
  }

  private static Double meanOrNull(
      List<UsagePoint> group, java.util.function.Function<UsagePoint, Double> value) {
    double[] known =
        group.stream()
            .map(value)
            .filter(v -> v != null && !v.isNaN())
            .mapToDouble(v -> v)
            .toArray();
    if (known.length == 0) {
      return null;
    }
    double sum = 0;
    for (double v : known) {
      sum += v;
    }
    return sum / known.length;
  }
}
