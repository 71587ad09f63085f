package io.mailferry.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy on 127.0.0.1 in front of an IMAP server that follows the literals (RFC 3501 4.3) both
 * ways, to make the faults of large messages: a server that lists a message with another size than
 * it serves (RFC822.SIZE), a connection cut in the middle of a message the server sends, and a
 * client's literal that stops midway (for a kill while a message is half appended).
 */
public final class LiteralProxy implements AutoCloseable {

  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}\r\n$");
  private static final Pattern SIZE = Pattern.compile("RFC822\\.SIZE (\\d+)");

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Map<Long, Long> listedSizes = new ConcurrentHashMap<>();
  private final Object state = new Object();
  private long cutAfter = -1;
  private long passedSinceArmed;
  private int cuts;
  private long holdAfter = -1;
  private boolean holding;
  private volatile long partsOfAtMost = -1;

  public LiteralProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "literal-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The server's answers give RFC822.SIZE {@code listed} for messages of {@code size} octets. */
  public void listSize(long size, long listed) {
    listedSizes.put(size, listed);
  }

  /**
   * From now on the server answers each partial FETCH ({@code BODY[]<origin>}) with at most {@code
   * octets} of the part asked for (-1: whole parts again), as a server that serves its parts short.
   */
  public void servePartsOfAtMost(long octets) {
    partsOfAtMost = octets;
  }

  /**
   * Once: the connection is cut in the middle of a literal the server sends, once {@code octets} of
   * its literals passed from now on.
   */
  public void cutOnceAfter(long octets) {
    synchronized (state) {
      cutAfter = octets;
      passedSinceArmed = 0;
    }
  }

  /** Connections cut by {@link #cutOnceAfter}. */
  public int cuts() {
    synchronized (state) {
      return cuts;
    }
  }

  /**
   * Once: the next client literal longer than {@code octets} stops after them until {@link
   * #release()} (or the proxy closes).
   */
  public void holdClientLiteralAfter(long octets) {
    synchronized (state) {
      holdAfter = octets;
    }
  }

  /** Waits until a client literal stands still midway. */
  public void awaitHeld(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (state) {
      while (!holding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no client literal reached the hold in " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(state, left);
      }
    }
  }

  /** Lets a held literal go on. */
  public void release() {
    synchronized (state) {
      holding = false;
      holdAfter = -1;
      state.notifyAll();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        start(() -> pump(upstream, client, true), client, upstream);
        start(() -> pump(client, upstream, false), client, upstream);
      } catch (IOException e) {
        close(client); // the server is not there: as a refused connection, and on to the next
      }
    }
  }

  private void start(Runnable pump, Socket client, Socket upstream) {
    Thread thread =
        new Thread(
            () -> {
              try {
                pump.run();
              } finally {
                close(client);
                close(upstream);
              }
            },
            "literal-proxy-pump-" + client.getPort());
    thread.setDaemon(true);
    thread.start();
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    try {
      InputStream in = new BufferedInputStream(from.getInputStream(), 65536);
      OutputStream out = to.getOutputStream();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        if (fromServer) {
          line = relisted(line);
        }
        Matcher literal = LITERAL.matcher(line);
        long octets = literal.find() ? Long.parseLong(literal.group(1)) : -1;
        long served = octets;
        long cap = partsOfAtMost;
        if (fromServer && cap >= 0 && octets > cap && line.contains("BODY[]<")) {
          served = cap;
          line = line.substring(0, literal.start()) + "{" + served + "}\r\n";
        }
        out.write(line.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (octets >= 0) {
          if (!copyLiteral(in, out, served, fromServer)) {
            return;
          }
          in.skipNBytes(octets - served);
        }
      }
    } catch (IOException | InterruptedException e) {
      // one side went away: the connection is over
    }
  }

  private String relisted(String line) {
    Matcher size = SIZE.matcher(line);
    StringBuilder result = new StringBuilder();
    while (size.find()) {
      Long listed = listedSizes.get(Long.parseLong(size.group(1)));
      size.appendReplacement(
          result, listed == null ? size.group() : "RFC822.SIZE " + listed.longValue());
    }
    size.appendTail(result);
    return result.toString();
  }

  /** False when the connection is to be cut here. */
  private boolean copyLiteral(InputStream in, OutputStream out, long octets, boolean fromServer)
      throws IOException, InterruptedException {
    long stopAt = -1;
    synchronized (state) {
      if (fromServer && cutAfter >= 0 && passedSinceArmed + octets > cutAfter) {
        stopAt = cutAfter - passedSinceArmed;
        cutAfter = -1;
        cuts++;
      } else if (fromServer && cutAfter >= 0) {
        passedSinceArmed += octets;
      } else if (!fromServer && holdAfter >= 0 && octets > holdAfter) {
        stopAt = holdAfter;
        holdAfter = -1;
      }
    }
    copy(in, out, stopAt < 0 ? octets : stopAt);
    if (stopAt < 0) {
      return true;
    }
    if (fromServer) {
      return false;
    }
    synchronized (state) {
      holding = true;
      state.notifyAll();
      while (holding && !server.isClosed()) {
        state.wait();
      }
    }
    copy(in, out, octets - stopAt);
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long octets) throws IOException {
    byte[] buffer = new byte[65536];
    long left = octets;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("closed in a literal");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
    out.flush();
  }

  /** One line up to and with its CRLF (a line before a literal ends with it); null at the end. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b >= 0; b = in.read()) {
      line.write(b);
      if (previous == '\r' && b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      previous = b;
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (state) {
      holding = false;
      state.notifyAll();
    }
    server.close();
    for (Socket socket : sockets) {
      close(socket);
    }
  }
}
