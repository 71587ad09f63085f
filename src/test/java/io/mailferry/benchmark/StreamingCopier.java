package io.mailferry.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The servers' limit: the fastest copy of a mailbox this benchmark knows, with nothing Mailferry
 * must do (no database, no checkpoints, no duplicate checks, no retries). Raw IMAP over two
 * sockets: per folder one {@code UID FETCH 1:* (FLAGS INTERNALDATE BODY.PEEK[])} on the source,
 * each body streamed as it arrives into a MULTIAPPEND (RFC 3502) on the destination, 500 messages a
 * command, with non-synchronizing literals (LITERAL+, RFC 7888) when the destination offers them
 * and without waiting for one APPEND's answer before the next. One connection to each server, as
 * Mailferry (and mbsync) use per mailbox.
 */
final class StreamingCopier {

  private static final int MESSAGES_PER_APPEND = 500;
  private static final Pattern LIST =
      Pattern.compile("^\\* LIST \\(([^)]*)\\) (?:NIL|\"(?:[^\"\\\\]|\\\\.)*\") (.*)$");
  private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS", Pattern.MULTILINE);
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
    try (Connection source = Connection.login(sourcePort, sourceLogin, password);
        Connection destination = Connection.login(destinationPort, destinationLogin, password)) {
      boolean literalPlus = destination.capabilities.contains(" LITERAL+");
      List<String> folders = folders(source);
      for (String folder : folders) {
        if (!folder.equalsIgnoreCase("INBOX")) {
          destination.command("CREATE " + quote(folder)); // NO when it exists: fine
        }
      }
      Appender appender = new Appender(destination, literalPlus);
      Map<String, Long> counts = new LinkedHashMap<>();
      long messages = 0;
      long bytes = 0;
      for (String folder : folders) {
        String examined = String.join("\n", source.command("EXAMINE " + quote(folder)));
        Matcher exists = EXISTS.matcher(examined);
        long count = exists.find() ? Long.parseLong(exists.group(1)) : 0;
        counts.put(folder, count);
        if (count == 0) {
          continue;
        }
        String tag = source.send("UID FETCH 1:* (FLAGS INTERNALDATE BODY.PEEK[])");
        while (true) {
          String line = source.readLine();
          if (line.startsWith(tag + " ")) {
            Connection.requireOk(line);
            break;
          }
          Matcher literal = LITERAL.matcher(line);
          if (!line.startsWith("* ") || !line.contains(" FETCH ") || !literal.find()) {
            continue;
          }
          long size = Long.parseLong(literal.group(1));
          Matcher flags = FETCH_FLAGS.matcher(line);
          Matcher date = FETCH_DATE.matcher(line);
          appender.message(
              folder,
              flags.find() ? flags.group(1).replace("\\Recent", "").trim() : "",
              date.find() ? date.group(1) : null,
              size,
              source.in);
          source.readLine(); // the rest of the FETCH response: ")"
          messages++;
          bytes += size;
        }
        appender.endCommand();
      }
      appender.await();
      return new Outcome(messages, bytes, (System.nanoTime() - t0) / 1e9, literalPlus, counts);
    }
  }

  /** The destination's message count of each folder, read with STATUS after the copy. */
  static Map<String, Long> destinationCounts(
      int destinationPort, String login, String password, Iterable<String> folders)
      throws IOException, InterruptedException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection destination = Connection.login(destinationPort, login, password)) {
      for (String folder : folders) {
        Matcher m =
            STATUS_MESSAGES.matcher(
                String.join("\n", destination.command("STATUS " + quote(folder) + " (MESSAGES)")));
        counts.put(folder, m.find() ? Long.parseLong(m.group(1)) : -1);
      }
    }
    return counts;
  }

  private static List<String> folders(Connection source) throws IOException {
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

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String unquote(String s) {
    if (!s.startsWith("\"")) {
      return s;
    }
    return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /**
   * The destination side: MULTIAPPEND commands written as the bodies arrive, their answers read by
   * a thread of their own so that no command waits for the one before.
   */
  private static final class Appender {
    private final Connection destination;
    private final boolean literalPlus;
    private final BlockingQueue<String> continuations = new LinkedBlockingQueue<>();
    private final List<String> failures = new ArrayList<>();
    private final Thread reader;
    private int sent;
    private int answered;
    private String openTag;
    private String openFolder;
    private int inCommand;
    private final byte[] buffer = new byte[64 * 1024];

    Appender(Connection destination, boolean literalPlus) {
      this.destination = destination;
      this.literalPlus = literalPlus;
      this.reader = new Thread(this::readAnswers, "streaming-copier-answers");
      reader.setDaemon(true);
      reader.start();
    }

    void message(String folder, String flags, String date, long size, InputStream body)
        throws IOException, InterruptedException {
      if (openTag != null && (!folder.equals(openFolder) || inCommand >= MESSAGES_PER_APPEND)) {
        endCommand();
      }
      OutputStream out = destination.out;
      if (openTag == null) {
        openTag = destination.nextTag();
        openFolder = folder;
        inCommand = 0;
        out.write((openTag + " APPEND " + quote(folder)).getBytes(StandardCharsets.UTF_8));
      }
      String head =
          " ("
              + flags
              + ")"
              + (date == null ? "" : " " + date)
              + " {"
              + size
              + (literalPlus ? "+" : "")
              + "}\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      if (!literalPlus) {
        out.flush();
        String answer = continuations.poll(120, TimeUnit.SECONDS);
        if (answer == null || !answer.startsWith("+")) {
          throw new IOException("the destination did not invite the literal: " + answer);
        }
      }
      long left = size;
      while (left > 0) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("the source closed the connection inside a literal");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      inCommand++;
    }

    void endCommand() throws IOException {
      if (openTag != null) {
        destination.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        destination.out.flush();
        synchronized (this) {
          sent++;
        }
        openTag = null;
      }
    }

    /** Waits for every APPEND's answer; fails when one was not OK. */
    void await() throws IOException, InterruptedException {
      endCommand();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      synchronized (this) {
        while (answered < sent && reader.isAlive() && System.nanoTime() < deadline) {
          wait(1000);
        }
        if (answered < sent) {
          throw new IOException(
              "the destination answered " + answered + " of " + sent + " APPEND commands");
        }
        if (!failures.isEmpty()) {
          throw new IOException("the destination refused APPENDs: " + failures);
        }
      }
    }

    private void readAnswers() {
      try {
        while (true) {
          String line = destination.readLine();
          if (line.startsWith("+")) {
            continuations.add(line);
          } else if (!line.startsWith("*")) {
            synchronized (this) {
              if (!line.contains(" OK ")) {
                failures.add(line);
              }
              answered++;
              notifyAll();
            }
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          notifyAll();
        }
      }
    }
  }

  /** One IMAP connection with raw access to its streams. */
  private static final class Connection implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final String capabilities;
    private int tags;

    private Connection(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(300_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      readLine(); // greeting
      capabilities = String.join(" ", command("CAPABILITY"));
    }

    static Connection login(int port, String login, String password) throws IOException {
      Connection c = new Connection(port);
      c.command("LOGIN " + quote(login) + " " + quote(password));
      return c;
    }

    synchronized String nextTag() {
      return "c" + ++tags;
    }

    String send(String command) throws IOException {
      String tag = nextTag();
      out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return tag;
    }

    /** Sends a command and reads to its tagged answer (OK required); the untagged lines. */
    List<String> command(String command) throws IOException {
      String tag = send(command);
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = readLine();
        if (line.startsWith(tag + " ")) {
          if (!command.startsWith("CREATE ")) {
            requireOk(line);
          }
          return lines;
        }
        lines.add(line);
      }
    }

    static void requireOk(String tagged) throws IOException {
      if (!tagged.substring(tagged.indexOf(' ') + 1).startsWith("OK")) {
        throw new IOException("the server answered " + tagged);
      }
    }

    /** One line without its CRLF (a literal inside it is not followed). */
    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b == '\n' && previous == '\r') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        }
        line.write(b);
        previous = b;
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
