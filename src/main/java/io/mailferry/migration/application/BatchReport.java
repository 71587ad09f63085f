package io.mailferry.migration.application;

import java.util.List;

/** A batch's outcome as CSV, one line per mailbox in the file's order (RFC 4180 quoting). */
public final class BatchReport {

  public static final String HEADER = "line,email,status,messages,bytes,skipped,refused,reason";

  private BatchReport() {}

  public static String csv(List<BatchView.Member> members) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (BatchView.Member m : members) {
      out.append(m.line())
          .append(',')
          .append(quote(m.email()))
          .append(',')
          .append(m.status())
          .append(',')
          .append(m.messagesDone())
          .append(',')
          .append(m.bytesDone())
          .append(',')
          .append(m.skipped())
          .append(',')
          .append(m.refused())
          .append(',')
          .append(quote("COMPLETED".equals(m.status()) ? "" : m.statusMessage()))
          .append("\r\n");
    }
    return out.toString();
  }

  static String quote(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\r', ' ').replace('\n', ' ');
    if (flat.indexOf(',') < 0 && flat.indexOf('"') < 0 && flat.indexOf(';') < 0) {
      return flat;
    }
    return '"' + flat.replace("\"", "\"\"") + '"';
  }
}
