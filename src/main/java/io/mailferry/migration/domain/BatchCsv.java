package io.mailferry.migration.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads and checks a batch CSV: UTF-8 with or without a byte-order mark, comma or semicolon
 * separated (RFC 4180 quoting within a line), a header row naming the columns {@code email}, {@code
 * password} and optionally {@code source_login} and {@code destination_email}. Every line is
 * checked and every bad one reported with its number and reason; the caller starts nothing while
 * there is one.
 */
public final class BatchCsv {

  public static final int MAX_MAILBOXES = 1000;

  static final String EMAIL = "email";
  static final String PASSWORD = "password";
  static final String SOURCE_LOGIN = "source_login";
  static final String DESTINATION_EMAIL = "destination_email";
  private static final List<String> COLUMNS =
      List.of(EMAIL, PASSWORD, SOURCE_LOGIN, DESTINATION_EMAIL);

  /** RFC 5321/5322 dot-atom local part (ASCII) and a DNS domain with at least two labels. */
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

  /** What the file holds: the good lines, and the bad ones with their reasons, by line number. */
  public record Result(List<BatchLine> lines, List<RejectedLine> rejected) {
    public boolean isClean() {
      return rejected.isEmpty();
    }
  }

  private final Predicate<String> hasSourceServer;
  private final boolean masterLogin;

  /**
   * @param hasSourceServer whether a (lower-case) domain is registered with a source server
   * @param masterLogin whether the batch logs in with a batch-wide master login (then passwords are
   *     optional)
   */
  public BatchCsv(Predicate<String> hasSourceServer, boolean masterLogin) {
    this.hasSourceServer = hasSourceServer;
    this.masterLogin = masterLogin;
  }

  public Result parse(byte[] content) {
    List<RejectedLine> rejected = new ArrayList<>();
    String text = decode(content, rejected);
    if (text == null) {
      return new Result(List.of(), rejected);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      return reject(
          1, "the file is empty: the first line must name the columns, e.g. email,password");
    }
    if (text.indexOf('\0') >= 0) {
      return reject(lineOf(text, text.indexOf('\0')), "not a CSV file: it holds binary data");
    }
    String[] rows = text.split("\r\n|\n|\r", -1);
    char separator = separatorOf(rows[0]);
    Map<String, Integer> header = header(rows[0], separator, rejected);
    if (header == null) {
      return new Result(List.of(), rejected);
    }
    List<BatchLine> lines = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int mailboxes = 0;
    for (int i = 1; i < rows.length; i++) {
      int number = i + 1;
      if (rows[i].isBlank()) {
        continue;
      }
      if (++mailboxes > MAX_MAILBOXES) {
        rejected.add(
            new RejectedLine(
                number,
                "more than " + MAX_MAILBOXES + " mailboxes: split the file into several batches"));
        break;
      }
      BatchLine line = line(number, rows[i], separator, header, rejected);
      if (line == null) {
        continue;
      }
      String duplicate = duplicateOf(line, seen);
      if (duplicate != null) {
        rejected.add(new RejectedLine(number, duplicate));
        continue;
      }
      lines.add(line);
    }
    Collections.sort(rejected);
    return new Result(List.copyOf(lines), List.copyOf(rejected));
  }

  private static Result reject(int line, String reason) {
    return new Result(List.of(), List.of(new RejectedLine(line, reason)));
  }

  /** Strict UTF-8: the first malformed byte is reported with its line. */
  private static String decode(byte[] content, List<RejectedLine> rejected) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    CharBuffer out = CharBuffer.allocate(content.length + 1);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (content[i] == '\n') {
          line++;
        }
      }
      rejected.add(
          new RejectedLine(
              line,
              "not UTF-8 (byte 0x"
                  + String.format("%02X", content[in.position()] & 0xff)
                  + "): save the file as UTF-8"));
      return null;
    }
    try {
      decoder.flush(out);
    } catch (RuntimeException e) {
      return null;
    }
    out.flip();
    return out.toString();
  }

  /** Which of ',' and ';' the header uses (outside quotes); ',' when neither. */
  static char separatorOf(String headerRow) {
    int commas = 0;
    int semicolons = 0;
    boolean quoted = false;
    for (char c : headerRow.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        commas++;
      } else if (!quoted && c == ';') {
        semicolons++;
      }
    }
    return semicolons > commas ? ';' : ',';
  }

  private Map<String, Integer> header(String row, char separator, List<RejectedLine> rejected) {
    List<String> names;
    try {
      names = fields(row, separator);
    } catch (IllegalArgumentException e) {
      rejected.add(new RejectedLine(1, "not a CSV file: " + e.getMessage()));
      return null;
    }
    List<String> columns =
        names.stream()
            .map(n -> n.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_'))
            .toList();
    if (columns.stream().noneMatch(COLUMNS::contains)) {
      rejected.add(
          new RejectedLine(
              1,
              "not a CSV file with a header row: the first line must name the columns, e.g."
                  + " email,password"));
      return null;
    }
    Map<String, Integer> header = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      if (!COLUMNS.contains(name)) {
        rejected.add(
            new RejectedLine(
                1,
                "unknown column '"
                    + abbreviate(names.get(i).trim())
                    + "'; the columns are email, password, source_login, destination_email"));
        return null;
      }
      if (header.put(name, i) != null) {
        rejected.add(new RejectedLine(1, "the column " + name + " is named twice"));
        return null;
      }
    }
    if (!header.containsKey(EMAIL)) {
      rejected.add(new RejectedLine(1, "the header row names no email column"));
      return null;
    }
    if (!header.containsKey(PASSWORD) && !masterLogin) {
      rejected.add(
          new RejectedLine(
              1, "the header row names no password column; without passwords give a master login"));
      return null;
    }
    return header;
  }

  private BatchLine line(
      int number,
      String row,
      char separator,
      Map<String, Integer> header,
      List<RejectedLine> rejected) {
    List<String> fields;
    try {
      fields = fields(row, separator);
    } catch (IllegalArgumentException e) {
      rejected.add(new RejectedLine(number, e.getMessage()));
      return null;
    }
    if (fields.size() > header.size()) {
      rejected.add(
          new RejectedLine(
              number,
              fields.size()
                  + " fields where the header names "
                  + header.size()
                  + " (a password with '"
                  + separator
                  + "' must be in double quotes)"));
      return null;
    }
    String email = field(fields, header, EMAIL);
    String password = header.containsKey(PASSWORD) ? raw(fields, header.get(PASSWORD)) : null;
    String sourceLogin = field(fields, header, SOURCE_LOGIN);
    String destination = field(fields, header, DESTINATION_EMAIL);
    if (email == null) {
      rejected.add(new RejectedLine(number, "no mail address"));
      return null;
    }
    if (!isAddress(email)) {
      rejected.add(new RejectedLine(number, "'" + abbreviate(email) + "' is not a mail address"));
      return null;
    }
    if (destination != null && !isAddress(destination)) {
      rejected.add(
          new RejectedLine(
              number, "destination '" + abbreviate(destination) + "' is not a mail address"));
      return null;
    }
    if ((password == null || password.isEmpty()) && !masterLogin) {
      rejected.add(new RejectedLine(number, "no password for " + email));
      return null;
    }
    String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (!hasSourceServer.test(domain)) {
      rejected.add(
          new RejectedLine(
              number, "no source server is registered for " + domain + ": add the domain first"));
      return null;
    }
    return new BatchLine(
        number,
        normalise(email),
        password == null || password.isEmpty() ? null : password,
        sourceLogin,
        destination == null ? null : normalise(destination));
  }

  /** Both the source address and the destination address name one mailbox each. */
  private static String duplicateOf(BatchLine line, Map<String, Integer> seen) {
    List<String> keys = new ArrayList<>();
    keys.add(line.email().toLowerCase(Locale.ROOT));
    if (line.destinationEmail() != null) {
      keys.add(line.destinationEmail().toLowerCase(Locale.ROOT));
    }
    for (String key : keys) {
      Integer earlier = seen.get(key);
      if (earlier != null) {
        return key + " is on line " + earlier + " already";
      }
    }
    keys.forEach(key -> seen.putIfAbsent(key, line.line()));
    return null;
  }

  static boolean isAddress(String text) {
    return text.length() <= 254 && text.indexOf('@') <= 64 && ADDRESS.matcher(text).matches();
  }

  /** The domain in lower case, as mailbox migrations store it. */
  private static String normalise(String email) {
    int at = email.lastIndexOf('@');
    return email.substring(0, at) + "@" + email.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  private static String field(List<String> fields, Map<String, Integer> header, String column) {
    Integer index = header.get(column);
    if (index == null || index >= fields.size()) {
      return null;
    }
    String value = fields.get(index).trim();
    return value.isEmpty() ? null : value;
  }

  /** Passwords are taken as they are: spaces may be part of them. */
  private static String raw(List<String> fields, int index) {
    return index >= fields.size() ? null : fields.get(index);
  }

  /** The fields of one line; a quoted field may hold the separator and doubled quotes. */
  static List<String> fields(String row, char separator) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = row.length();
    while (true) {
      field.setLength(0);
      if (i < n && row.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("a quoted field is not closed on this line");
          }
          char c = row.charAt(i++);
          if (c == '"') {
            if (i < n && row.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && row.charAt(i) != separator) {
          throw new IllegalArgumentException("text after a closing quote");
        }
      } else {
        while (i < n && row.charAt(i) != separator) {
          field.append(row.charAt(i++));
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the separator
    }
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
