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
import java.util.List;

/** One IMAP connection of {@link StreamingCopier} on loopback, with raw access to its streams. */
final class RawImapConnection implements AutoCloseable {
  private final Socket socket;
  final InputStream in;
  final OutputStream out;
  final String capabilities;
  private int tags;

  private RawImapConnection(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(300_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    readLine(); // greeting
    capabilities = String.join(" ", command("CAPABILITY"));
  }

  static RawImapConnection login(int port, String login, String password) throws IOException {
    RawImapConnection c = new RawImapConnection(port);
    c.command("LOGIN " + quote(login) + " " + quote(password));
    return c;
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  synchronized String nextTag() {
    return "c" + ++tags;
  }

  /** Writes a command without flushing; its tag. */
  String write(String command) throws IOException {
    String tag = nextTag();
    out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
    return tag;
  }

  /** Sends a command and reads to its tagged answer (OK required); the untagged lines. */
  List<String> command(String command) throws IOException {
    String tag = write(command);
    out.flush();
    List<String> lines = new ArrayList<>();
    String line;
    while (!(line = readLine()).startsWith(tag + " ")) {
      lines.add(line);
    }
    requireOk(line);
    return lines;
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
