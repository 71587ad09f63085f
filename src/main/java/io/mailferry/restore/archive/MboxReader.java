package io.mailferry.restore.archive;

import jakarta.mail.internet.MailDateFormat;
import java.io.IOException;
import java.io.InputStream;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an mbox file into messages (RFC 4155): a message starts at a {@code From } line at the
 * start of the file or after a blank line, and that blank line belongs to the separator. Body lines
 * quoted as {@code >From } (mboxrd: any number of {@code >}) lose one {@code >}. The state headers
 * mail programs and Dovecot keep in mbox files ({@code Status}, {@code X-Status}, {@code
 * X-Keywords}, {@code X-UID}, {@code X-IMAP}, {@code X-IMAPbase}) become flags and are not part of
 * the restored message, as Dovecot leaves them out of what it serves over IMAP.
 */
final class MboxReader {

  /** What a message of the mbox became. */
  interface Sink {
    MessageFile open() throws IOException;

    void done(MessageFile file, Instant fromLineDate, String dateHeader, String flags)
        throws IOException;
  }

  private static final Pattern FROM_LINE =
      Pattern.compile(
          "^From \\S*\\s+(?:[A-Za-z]{3},? +)?([A-Za-z]{3}) +(\\d{1,2})"
              + " +(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?: +[A-Z]{3,5}| +[+-]\\d{4})? +(\\d{4})");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final Set<String> STATE_HEADERS =
      Set.of("status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase");
  private static final int MAX_HEADER_BYTES = 1024 * 1024;

  private MboxReader() {}

  /** Whether the stream starts as an mbox does. */
  static boolean looksLikeMbox(byte[] start, int length) {
    return length >= 5
        && new String(start, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("From ");
  }

  /**
   * @param entry the archive entry, for refusals
   * @return how many messages it held
   */
  static int split(InputStream in, String entry, Sink sink) throws IOException {
    LineReader lines = new LineReader(in);
    if (!lines.next()) {
      return 0;
    }
    if (!lines.startsWith("From ")) {
      throw new RefusedArchiveException(
          entry, "not an mbox file: it does not start with a 'From ' line");
    }
    int count = 0;
    boolean atFromLine = true;
    while (atFromLine) {
      Instant fromDate = fromLineDate(lines.asText());
      while (!lines.terminated() && lines.next()) {
        // the rest of an overlong From line
      }
      MessageFile file = sink.open();
      List<String> header = new ArrayList<>();
      int headerBytes = 0;
      boolean inHeader = true;
      boolean pendingBlank = false;
      String[] state = null;
      atFromLine = false;
      while (lines.next()) {
        if (lines.startsWith("From ") && (pendingBlank || inHeader && header.isEmpty())) {
          atFromLine = true;
          break;
        }
        if (inHeader) {
          if (lines.isBlankLine()) {
            state = writeHeader(file, header);
            inHeader = false;
            pendingBlank = true; // the header's end, written unless a From line follows
            continue;
          }
          headerBytes += lines.length();
          if (headerBytes > MAX_HEADER_BYTES) {
            throw new RefusedArchiveException(entry, "a message header longer than 1 MB");
          }
          String text = lines.asText();
          if (lines.startsLine() || header.isEmpty()) {
            header.add(text);
          } else {
            header.set(header.size() - 1, header.get(header.size() - 1) + text);
          }
          continue;
        }
        if (pendingBlank) {
          file.write(new byte[0], 0, 0, true);
          pendingBlank = false;
        }
        if (lines.isBlankLine()) {
          pendingBlank = true;
          continue;
        }
        int skip = lines.startsLine() && isQuotedFrom(lines) ? 1 : 0;
        file.write(lines.bytes(), skip, lines.length() - skip, lines.terminated());
      }
      if (inHeader) {
        state = writeHeader(file, header);
      }
      file.close();
      sink.done(file, fromDate, state[0], state[1]);
      count++;
    }
    return count;
  }

  private static boolean isQuotedFrom(LineReader lines) {
    byte[] b = lines.bytes();
    int i = 0;
    while (i < lines.length() && b[i] == '>') {
      i++;
    }
    return i > 0
        && lines.length() - i >= 5
        && b[i] == 'F'
        && b[i + 1] == 'r'
        && b[i + 2] == 'o'
        && b[i + 3] == 'm'
        && b[i + 4] == ' ';
  }

  /** Writes the header without the mbox state fields; returns {Date header, flags}. */
  private static String[] writeHeader(MessageFile file, List<String> header) throws IOException {
    Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    String date = null;
    String field = null;
    for (String line : header) {
      boolean continuation = line.startsWith(" ") || line.startsWith("\t");
      if (!continuation) {
        int colon = line.indexOf(':');
        field = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
        String value = colon > 0 ? line.substring(colon + 1).trim() : "";
        if (field.equals("date") && date == null) {
          date = value;
        }
        stateFlags(field, value, flags);
      } else if (STATE_HEADERS.contains(field)) {
        stateFlags(field, line.trim(), flags);
      }
      if (!STATE_HEADERS.contains(field)) {
        file.write(line.matches("^>+From .*") ? line.substring(1) : line);
      }
    }
    return new String[] {date, String.join(" ", flags)};
  }

  private static void stateFlags(String field, String value, Set<String> flags) {
    switch (field) {
      case "status" -> {
        if (value.indexOf('R') >= 0) flags.add("\\Seen");
      }
      case "x-status" -> {
        if (value.indexOf('A') >= 0) flags.add("\\Answered");
        if (value.indexOf('F') >= 0) flags.add("\\Flagged");
        if (value.indexOf('T') >= 0) flags.add("\\Draft");
        if (value.indexOf('D') >= 0) flags.add("\\Deleted");
      }
      case "x-keywords" -> {
        for (String keyword : value.split("[\\s,]+")) {
          if (MaildirName.isAtom(keyword)) {
            flags.add(keyword);
          }
        }
      }
      default -> {}
    }
  }

  /** The asctime date of a {@code From } line, read as UTC; null when there is none. */
  static Instant fromLineDate(String line) {
    Matcher m = FROM_LINE.matcher(line);
    if (!m.find()) {
      return null;
    }
    int month = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT));
    if (month < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(
              Integer.parseInt(m.group(6)),
              month + 1,
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)))
          .toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** An RFC 5322 Date header; null when it cannot be read. */
  static Instant headerDate(String date) {
    if (date == null) {
      return null;
    }
    try {
      return new MailDateFormat().parse(date).toInstant();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}
