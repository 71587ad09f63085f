package io.mailferry.imap;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IMAP conversation of one connection as lines for a person: what Mailferry sent ({@code C:})
 * and what the server answered ({@code S:}), in their own words, without message contents and
 * without passwords. The bytes come from the socket itself (see {@link MailSessions#session}),
 * after TLS and before Angus Mail parses them, one stream per direction, so that literals can be
 * measured exactly.
 *
 * <ul>
 *   <li>A literal (RFC 3501 4.3: {@code {n}}, or {@code {n+}} with LITERAL+ (RFC 7888), at the end
 *       of a line, then n bytes) is shown as {@code <n bytes>}, and the line goes on after it: a
 *       FETCH of a message or an APPEND of a whole chunk is one line.
 *   <li>LOGIN and AUTHENTICATE keep their tag and command only, and a line Mailferry sends without
 *       a space (an AUTHENTICATE response, RFC 3501 6.2.2) is not shown at all.
 *   <li>Lines longer than {@value #MAX_LINE} characters are cut.
 * </ul>
 */
public final class ProtocolTrace {

  static final int MAX_LINE = 600;

  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?\\}$");
  private static final Pattern CREDENTIALS =
      Pattern.compile("^(\\S+ (?:LOGIN|AUTHENTICATE))\\b.*", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final Consumer<String> lines;
  private final Direction sent = new Direction(" C: ", true);
  private final Direction received = new Direction(" S: ", false);

  /**
   * @param name the server's role, put before each line ("source", "destination")
   * @param lines where each line goes; called from the connection's threads
   */
  public ProtocolTrace(String name, Consumer<String> lines) {
    this.name = name;
    this.lines = lines;
  }

  /** The bytes Mailferry writes to the server. */
  public OutputStream sent() {
    return sent;
  }

  /** The bytes the server sends. */
  public OutputStream received() {
    return received;
  }

  /** A note of Mailferry's own in the same log, e.g. a TLS handshake's outcome. */
  public void note(String text) {
    lines.accept(name + " " + text);
  }

  private final class Direction extends OutputStream {
    private final String arrow;
    private final boolean client;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** Bytes of a literal still to leave out. */
    private long skipping;

    Direction(String arrow, boolean client) {
      this.arrow = arrow;
      this.client = client;
    }

    @Override
    public synchronized void write(int b) {
      if (skipping > 0) {
        skipping--;
      } else if (b == '\n') {
        endOfLine();
      } else if (b != '\r') {
        line.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      int end = offset + length;
      int i = offset;
      while (i < end) {
        if (skipping > 0) {
          int skipped = (int) Math.min(skipping, end - i);
          skipping -= skipped;
          i += skipped;
        } else {
          write(bytes[i++]);
        }
      }
    }

    private void endOfLine() {
      String text = line.toString(StandardCharsets.UTF_8);
      Matcher literal = LITERAL.matcher(text);
      if (literal.find()) {
        skipping = Long.parseLong(literal.group(1));
        line.reset();
        line.writeBytes(
            (text.substring(0, literal.start()) + "<" + skipping + " bytes>")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      line.reset();
      if (text.isBlank()) {
        return;
      }
      String shown = text;
      if (client) {
        Matcher credentials = CREDENTIALS.matcher(text);
        if (credentials.matches()) {
          shown = credentials.group(1) + " •••";
        } else if (text.indexOf(' ') < 0) {
          shown = "•••";
        }
      }
      if (shown.length() > MAX_LINE) {
        shown =
            shown.substring(0, MAX_LINE)
                + "… ("
                + (shown.length() - MAX_LINE)
                + " more characters)";
      }
      lines.accept(name + arrow + shown);
    }
  }
}
