package io.mailferry.migration.application;

import java.time.Instant;
import java.util.List;

/**
 * Where every source message of one mailbox stands: per folder, what the source holds, what was
 * copied, what was found already on the destination, what a rule left out, what is still refused
 * (with the server's words) and whether the last verification found both sides in agreement.
 */
public record CompletenessReport(
    String email,
    String status,
    String statusMessage,
    int run,
    boolean complete,
    long outstanding,
    List<FolderLine> folders,
    List<Outstanding> refused) {

  public record FolderLine(
      String source,
      String destination,
      long sourceMessages,
      long sourceBytes,
      long copied,
      long alreadyThere,
      long skippedByRule,
      long refused,
      Boolean verified,
      String verification,
      Instant verifiedAt) {}

  public record Outstanding(
      String folder, Long uid, String subject, Long size, String kind, String reason, int run) {}

  /** The report as CSV (RFC 4180): a line per folder, then a line per outstanding message. */
  public String csv() {
    StringBuilder out = new StringBuilder();
    out.append(
        "folder,destination,source_messages,source_bytes,copied,already_there,skipped_by_rule,"
            + "refused,verified,verification\r\n");
    for (FolderLine f : folders) {
      out.append(cell(f.source()))
          .append(',')
          .append(cell(f.destination()))
          .append(',')
          .append(f.sourceMessages())
          .append(',')
          .append(f.sourceBytes())
          .append(',')
          .append(f.copied())
          .append(',')
          .append(f.alreadyThere())
          .append(',')
          .append(f.skippedByRule())
          .append(',')
          .append(f.refused())
          .append(',')
          .append(f.verified() == null ? "" : f.verified() ? "yes" : "no")
          .append(',')
          .append(cell(f.verification()))
          .append("\r\n");
    }
    if (!refused.isEmpty()) {
      out.append("\r\nfolder,uid,subject,size,kind,reason,run\r\n");
      for (Outstanding o : refused) {
        out.append(cell(o.folder()))
            .append(',')
            .append(o.uid() == null ? "" : o.uid())
            .append(',')
            .append(cell(o.subject()))
            .append(',')
            .append(o.size() == null ? "" : o.size())
            .append(',')
            .append(o.kind())
            .append(',')
            .append(cell(o.reason()))
            .append(',')
            .append(o.run())
            .append("\r\n");
      }
    }
    return out.toString();
  }

  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String text = value;
    // a leading =, +, - or @ would be a formula to a spreadsheet (CSV injection)
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
