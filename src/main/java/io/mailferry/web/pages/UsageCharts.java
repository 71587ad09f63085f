package io.mailferry.web.pages;

import io.mailferry.ops.UsagePoint;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Chart.js configurations (JSON, as PrimeFaces 15's {@code <p:chart value>} takes them) for the
 * usage points: load against the threshold line, throughput, mailboxes and heap.
 */
final class UsageCharts {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH).withZone(ZoneId.systemDefault());

  private UsageCharts() {}

  /** Load averages in % of the CPUs, with the gate's threshold as a dashed red line. */
  static String load(List<UsagePoint> points, double threshold, Duration range, boolean small) {
    JsonArrayBuilder datasets = Json.createArrayBuilder();
    datasets.add(line("Load (gate, 1 min)", points, p -> percent(p.load1()), "#1976d2", false));
    if (!small) {
      datasets.add(line("Load 5 min", points, p -> percent(p.load5()), "#26a69a", false));
      datasets.add(line("Load 15 min", points, p -> percent(p.load15()), "#9575cd", false));
    }
    datasets.add(
        constant("Threshold " + Math.round(threshold * 100) + " %", points, threshold * 100));
    return chart(points, range, datasets, "% of the CPUs", small);
  }

  static String throughput(List<UsagePoint> points, Duration range) {
    JsonArrayBuilder datasets = Json.createArrayBuilder();
    datasets.add(line("Messages/s", points, p -> p.messagesPerSecond(), "#1976d2", false));
    datasets.add(line("MB/s", points, p -> p.bytesPerSecond() / 1_048_576.0, "#ef6c00", false));
    return chart(points, range, datasets, "per second", false);
  }

  static String mailboxes(List<UsagePoint> points, Duration range) {
    JsonArrayBuilder datasets = Json.createArrayBuilder();
    datasets.add(line("Copying", points, p -> (double) p.copying(), "#2e7d32", true));
    datasets.add(line("Waiting", points, p -> (double) p.waiting(), "#f9a825", true));
    datasets.add(line("Queued", points, p -> (double) p.queued(), "#8d6e63", true));
    datasets.add(
        line("Heap used (MB)", points, p -> p.heapUsed() / 1_048_576.0, "#757575", false)
            .add("yAxisID", "heap"));
    String json = chart(points, range, datasets, "mailboxes", false);
    return json.replace(
        "\"scales\":{",
        "\"scales\":{\"heap\":{\"position\":\"right\",\"beginAtZero\":true,"
            + "\"title\":{\"display\":true,\"text\":\"heap MB\"},"
            + "\"grid\":{\"drawOnChartArea\":false}},");
  }

  private static String chart(
      List<UsagePoint> points,
      Duration range,
      JsonArrayBuilder datasets,
      String unit,
      boolean small) {
    DateTimeFormatter format = range.compareTo(Duration.ofHours(24)) > 0 ? DAY_TIME : TIME;
    JsonArrayBuilder labels = Json.createArrayBuilder();
    points.forEach(p -> labels.add(format.format(p.time())));
    JsonObjectBuilder options =
        Json.createObjectBuilder()
            .add("responsive", true)
            .add("maintainAspectRatio", false)
            .add("animation", false)
            .add(
                "plugins",
                Json.createObjectBuilder()
                    .add("legend", Json.createObjectBuilder().add("display", !small)))
            .add(
                "scales",
                Json.createObjectBuilder()
                    .add(
                        "x",
                        Json.createObjectBuilder()
                            .add(
                                "ticks",
                                Json.createObjectBuilder().add("maxTicksLimit", small ? 6 : 12)))
                    .add(
                        "y",
                        Json.createObjectBuilder()
                            .add("beginAtZero", true)
                            .add("suggestedMax", small ? 100 : 0)
                            .add(
                                "title",
                                Json.createObjectBuilder()
                                    .add("display", !small)
                                    .add("text", unit))));
    return Json.createObjectBuilder()
        .add("type", "line")
        .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
        .add("options", options)
        .build()
        .toString();
  }

  private static JsonObjectBuilder line(
      String label,
      List<UsagePoint> points,
      Function<UsagePoint, Double> value,
      String colour,
      boolean stepped) {
    JsonArrayBuilder data = Json.createArrayBuilder();
    for (UsagePoint point : points) {
      Double v = value.apply(point);
      if (v == null || v.isNaN() || v.isInfinite()) {
        data.addNull();
      } else {
        data.add(Math.round(v * 100) / 100.0);
      }
    }
    return Json.createObjectBuilder()
        .add("label", label)
        .add("data", data)
        .add("borderColor", colour)
        .add("backgroundColor", colour)
        .add("borderWidth", 2)
        .add("pointRadius", points.size() > 60 ? 0 : 2)
        .add("stepped", stepped)
        .add("spanGaps", true)
        .add("fill", false);
  }

  private static JsonObjectBuilder constant(String label, List<UsagePoint> points, double value) {
    JsonArrayBuilder data = Json.createArrayBuilder();
    points.forEach(p -> data.add(value));
    return Json.createObjectBuilder()
        .add("label", label)
        .add("data", data)
        .add("borderColor", "#d32f2f")
        .add("borderDash", Json.createArrayBuilder().add(6).add(4))
        .add("borderWidth", 2)
        .add("pointRadius", 0)
        .add("fill", false);
  }

  private static Double percent(Double ratio) {
    return ratio == null ? null : ratio * 100;
  }
}
