package io.mailferry.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU, memory and rate figures of a run, from {@code /proc}, the GC log and progress samples. */
final class Measurements {

  private Measurements() {}

  /** utime + stime of a process in seconds (clock ticks of 1/100 s). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** VmHWM in KB (0 when the process is gone). */
  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** Resets VmHWM to the current RSS (Linux: 5 into clear_refs), so the peak is the run's own. */
  static void resetPeakRss(long pid) {
    try {
      Files.writeString(Paths.get("/proc/" + pid + "/clear_refs"), "5");
    } catch (IOException e) {
      // not allowed: the peak then includes start-up
    }
  }

  static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file)) {
      return lines.count();
    }
  }

  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /** The largest heap occupancy before a collection, in MB, from the -Xlog:gc lines after from. */
  static long peakHeapMb(Path gcLog, long from) throws IOException {
    long peak = 0;
    if (!Files.exists(gcLog)) {
      return 0;
    }
    try (var lines = Files.lines(gcLog)) {
      for (String line : (Iterable<String>) lines.skip(from)::iterator) {
        Matcher m = GC.matcher(line);
        if (m.find()) {
          peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
      }
    }
    return peak;
  }

  /** messages/s while the done count went from {@code from} to {@code to} (interpolated). */
  static double windowRate(List<long[]> samples, long from, long to) {
    double start = timeAt(samples, from);
    double end = timeAt(samples, to);
    return end > start ? (to - from) / ((end - start) / 1e9) : 0;
  }

  private static double timeAt(List<long[]> samples, long done) {
    long[] previous = {0, 0};
    for (long[] s : samples) {
      if (s[1] >= done) {
        if (s[1] == previous[1]) {
          return s[0];
        }
        return previous[0]
            + (double) (s[0] - previous[0]) * (done - previous[1]) / (s[1] - previous[1]);
      }
      if (s[1] > previous[1]) {
        previous = s;
      }
    }
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
  }
}
