package io.mailferry.benchmark;

import static io.mailferry.benchmark.RawImapConnection.quote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The servers' limit: the fastest copy of a mailbox this benchmark knows, with nothing Mailferry
 * must do (no database, no checkpoints, no duplicate checks, no retries). Raw IMAP over one
 * connection to each server, as Mailferry (and mbsync) use per mailbox. Every folder's {@code
 * EXAMINE} and {@code UID FETCH 1:* (FLAGS INTERNALDATE BODY.PEEK[])} are written at once, so the
 * source streams folder after folder without a round trip between them; this thread reads the
 * bodies as they arrive and hands them in pieces to a {@link PipelinedAppender}, whose own thread
 * writes them into MULTIAPPENDs on the destination meanwhile.
 *
 * <p>What bounds it is the destination Dovecot's work per message: traced ({@code strace -w -c}),
 * its imap process spends more than half of its wall time creating, fsyncing and renaming the
 * message files and under 2 % reading the socket, with this copier as with the one-thread copier
 * before it.
 */
final class StreamingCopier {

  private static final Pattern LIST =
      Pattern.compile("^\\* LIST \\(([^)]*)\\) (?:NIL|\"(?:[^\"\\\\]|\\\\.)*\") (.*)$");
  private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");
  private static final Pattern FETCH_FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
  private static final Pattern FETCH_DATE = Pattern.compile("INTERNALDATE (\"[^\"]*\")");
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");
  private static final Pattern STATUS_MESSAGES = Pattern.compile("MESSAGES (\\d+)");

  /**
   * What the copy did.
   *
   * @param sourceCounts messages per folder on the source (EXISTS as the folder was examined)
   */
  record Outcome(
      long messages,
      long bytes,
      double seconds,
      boolean literalPlus,
      Map<String, Long> sourceCounts) {}

  private StreamingCopier() {}

  /** Copies every selectable folder of the source account into the destination account. */
  static Outcome copy(
      int sourcePort,
      String sourceLogin,
      int destinationPort,
      String destinationLogin,
      String password)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    try (RawImapConnection source = RawImapConnection.login(sourcePort, sourceLogin, password);
        RawImapConnection destination =
            RawImapConnection.login(destinationPort, destinationLogin, password)) {
      List<String> folders = folders(source);
      List<String[]> tags = new ArrayList<>();
      for (String folder : folders) {
        tags.add(
            new String[] {
              source.write("EXAMINE " + quote(folder)),
              source.write("UID FETCH 1:* (FLAGS INTERNALDATE BODY.PEEK[])")
            });
      }
      source.out.flush();
      create(destination, folders);
      try (PipelinedAppender appender = new PipelinedAppender(destination)) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long messages = 0;
        long bytes = 0;
        for (int i = 0; i < folders.size(); i++) {
          counts.put(folders.get(i), exists(source, tags.get(i)[0]));
          long[] passed = passFolder(source, folders.get(i), tags.get(i)[1], appender);
          messages += passed[0];
          bytes += passed[1];
        }
        appender.finish();
        return new Outcome(
            messages, bytes, (System.nanoTime() - t0) / 1e9, appender.literalPlus(), counts);
      }
    }
  }

  /** The destination's message count of each folder, read with STATUS after the copy. */
  static Map<String, Long> destinationCounts(
      int destinationPort, String login, String password, Iterable<String> folders)
      throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (RawImapConnection destination =
        RawImapConnection.login(destinationPort, login, password)) {
      for (String folder : folders) {
        Matcher m =
            STATUS_MESSAGES.matcher(
                String.join("\n", destination.command("STATUS " + quote(folder) + " (MESSAGES)")));
        counts.put(folder, m.find() ? Long.parseLong(m.group(1)) : -1);
      }
    }
    return counts;
  }

  private static List<String> folders(RawImapConnection source) throws IOException {
    List<String> folders = new ArrayList<>();
    for (String line : source.command("LIST \"\" \"*\"")) {
      Matcher m = LIST.matcher(line);
      if (m.matches()
          && !m.group(1).toLowerCase().contains("\\noselect")
          && !m.group(1).toLowerCase().contains("\\nonexistent")) {
        folders.add(unquote(m.group(2)));
      }
    }
    return folders;
  }

  /** Every folder but INBOX created at once; NO (it exists) is fine. */
  private static void create(RawImapConnection destination, List<String> folders)
      throws IOException {
    String last = null;
    for (String folder : folders) {
      if (!folder.equalsIgnoreCase("INBOX")) {
        last = destination.write("CREATE " + quote(folder));
      }
    }
    destination.out.flush();
    if (last != null) {
      while (!destination.readLine().startsWith(last + " ")) {
        // the answers of the CREATEs before
      }
    }
  }

  /** Reads to the EXAMINE's tagged answer (OK required); the EXISTS it announced. */
  private static long exists(RawImapConnection source, String tag) throws IOException {
    long exists = 0;
    String line;
    while (!(line = source.readLine()).startsWith(tag + " ")) {
      Matcher m = EXISTS.matcher(line);
      if (m.find()) {
        exists = Long.parseLong(m.group(1));
      }
    }
    RawImapConnection.requireOk(line);
    return exists;
  }

  /**
   * Reads a folder's FETCH answer to its tagged OK, each message handed to the appender as it
   * comes; the messages and octets passed.
   */
  private static long[] passFolder(
      RawImapConnection source, String folder, String fetchTag, PipelinedAppender appender)
      throws IOException, InterruptedException {
    long messages = 0;
    long bytes = 0;
    String line;
    while (!(line = source.readLine()).startsWith(fetchTag + " ")) {
      Matcher literal = LITERAL.matcher(line);
      if (line.startsWith("* ") && line.contains(" FETCH ") && literal.find()) {
        long size = Long.parseLong(literal.group(1));
        Matcher flags = FETCH_FLAGS.matcher(line);
        Matcher date = FETCH_DATE.matcher(line);
        appender.message(
            folder,
            flags.find() ? flags.group(1).replace("\\Recent", "").trim() : "",
            date.find() ? date.group(1) : null,
            size);
        passBody(source, size, appender);
        source.readLine(); // the rest of the FETCH response: ")"
        messages++;
        bytes += size;
      }
    }
    RawImapConnection.requireOk(line);
    return new long[] {messages, bytes};
  }

  /** The literal's octets, read from the source as they come and passed on in pieces. */
  private static void passBody(RawImapConnection source, long size, PipelinedAppender appender)
      throws IOException, InterruptedException {
    long left = size;
    while (left > 0) {
      byte[] piece = new byte[(int) Math.min(PipelinedAppender.PIECE, left)];
      int n = source.in.readNBytes(piece, 0, piece.length);
      if (n < piece.length) {
        throw new IOException("the source closed the connection inside a literal");
      }
      appender.body(piece, n);
      left -= n;
    }
  }

  private static String unquote(String s) {
    if (!s.startsWith("\"")) {
      return s;
    }
    return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
