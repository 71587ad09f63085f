package io.mailferry.web.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write sizes and moments: {@code #{formats.bytes(m.bytesDone)}}. */
@Named
@ApplicationScoped
public class Formats {

  private static final String NONE = "—";
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

  /** Binary units (1 KB = 1024 bytes), one decimal above bytes: "12.3 MB". */
  public String bytes(Long bytes) {
    if (bytes == null || bytes < 0) {
      return NONE;
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** The moment in the server's time zone, to the second; a dash when there is none. */
  public String dateTime(Instant instant) {
    return instant == null ? NONE : DATE_TIME.format(instant.atZone(ZoneId.systemDefault()));
  }

  /** Whole percent of {@code done} in {@code total}, for progress bars; 100 once completed. */
  public int share(long done, long total, boolean completed) {
    if (total <= 0) {
      return completed ? 100 : 0;
    }
    return (int) Math.min(100, done * 100 / total);
  }

  /** A load ratio as whole percent ("42 %"); "unknown" while there is no sample. */
  public String percent(double ratio) {
    return Double.isNaN(ratio) || ratio < 0 ? "unknown" : Math.round(ratio * 100) + " %";
  }
}
