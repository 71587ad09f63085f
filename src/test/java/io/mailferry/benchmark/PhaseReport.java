package io.mailferry.benchmark;

import io.mailferry.testing.ApiClient;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a Mailferry run spent its time, as {@code GET /api/migrations/{email}/phases} says, added
 * up over the run's mailboxes: seconds by phase (connect, list, select, scan, fetch, append, check,
 * record) and seconds waiting on each side (source, destination, database). Phases overlap (the
 * read-ahead reads while the writer appends), so they may add up to more than the wall time.
 */
record PhaseReport(Map<String, Double> seconds, Map<String, Double> waiting) {

  static PhaseReport of(ApiClient api, List<String> emails) throws Exception {
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Double> waiting = new LinkedHashMap<>();
    for (String email : emails) {
      ApiClient.Answer answer = api.get("api/migrations/" + email + "/phases");
      if (answer.status() != 200) {
        Benchmark.log("no phase times of " + email + ": " + answer.text());
        continue;
      }
      JsonObject report = answer.object();
      add(seconds, report.getJsonObject("seconds"));
      add(waiting, report.getJsonObject("waiting"));
    }
    return new PhaseReport(seconds, waiting);
  }

  private static void add(Map<String, Double> sums, JsonObject values) {
    for (Map.Entry<String, ?> entry : values.entrySet()) {
      double value = ((JsonNumber) entry.getValue()).doubleValue();
      sums.merge(entry.getKey(), value, Double::sum);
    }
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder();
    seconds.forEach(
        (phase, s) ->
            line.append(line.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f s", phase, s)));
    line.append("; waiting on");
    waiting.forEach((side, s) -> line.append(String.format(Locale.ROOT, " %s %.1f s,", side, s)));
    return line.substring(0, line.length() - 1);
  }

  String json() {
    return "{\"seconds\": " + json(seconds) + ", \"waiting\": " + json(waiting) + "}";
  }

  private static String json(Map<String, Double> values) {
    StringBuilder j = new StringBuilder("{");
    values.forEach(
        (key, value) ->
            j.append(j.length() == 1 ? "" : ", ")
                .append(String.format(Locale.ROOT, "\"%s\": %.3f", key, value)));
    return j.append('}').toString();
  }
}
