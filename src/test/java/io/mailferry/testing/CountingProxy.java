package io.mailferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server that counts the connections open through it and
 * records the most ever open at once (the high-water mark), at the moment each one is accepted: no
 * sampling can miss a peak. It can also hold the server's answers back ({@link #hold()}) so that
 * every copy through it stands still mid-mailbox, connections open, until {@link #release()}. A
 * connection whose client has closed it is over at once, even with answers held for it.
 */
public final class CountingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private int open;
  private int highWaterMark;
  private int accepted;
  private boolean held;

  /**
   * What the clients sent, its first megabyte: enough for the commands of the tests that read it.
   */
  private final StringBuilder fromClients = new StringBuilder();

  private static final int KEPT_FROM_CLIENTS = 1024 * 1024;

  /** Bytes each connection may pass after the last release; negative: no limit. */
  private long allowance = -1;

  /** Counts the releases: a connection's allowance starts again with each. */
  private long epoch;

  public CountingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::accept, "counting-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections open now. */
  public synchronized int open() {
    return open;
  }

  /** The most connections open at once since the start or the last reset. */
  public synchronized int highWaterMark() {
    return highWaterMark;
  }

  /** Connections accepted since the start. */
  public synchronized int accepted() {
    return accepted;
  }

  /** What the clients have sent so far (its first megabyte), all connections together. */
  public String sentByClients() {
    synchronized (fromClients) {
      return fromClients.toString();
    }
  }

  /** Starts the mark again from the connections open now. */
  public synchronized void resetHighWaterMark() {
    highWaterMark = open;
  }

  /** Holds back whatever the server sends from now on, on every connection. */
  public void hold() {
    synchronized (gate) {
      held = true;
    }
  }

  /** Lets the server's answers through again. */
  public void release() {
    releaseFor(-1);
  }

  /**
   * Lets each connection pass {@code bytes} more of the server's answers, then holds it again
   * (negative: no limit): every copy moves on a little and stands still again, mid-copy.
   */
  public void releaseFor(long bytes) {
    synchronized (gate) {
      held = false;
      allowance = bytes;
      epoch++;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        synchronized (this) {
          open++;
          accepted++;
          highWaterMark = Math.max(highWaterMark, open);
        }
        Thread pump = new Thread(() -> serve(client), "counting-proxy-" + client.getPort());
        pump.setDaemon(true);
        pump.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    sockets.add(client);
    try (client;
        Socket upstream = new Socket()) {
      sockets.add(upstream);
      upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      Thread up =
          new Thread(() -> pump(client, upstream, false), "counting-proxy-up-" + client.getPort());
      up.setDaemon(true);
      up.start();
      pump(upstream, client, true);
      up.join();
    } catch (IOException | InterruptedException e) {
      // one side went away: the connection is over
    } finally {
      sockets.remove(client);
      synchronized (this) {
        open--;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    byte[] buffer = new byte[16384];
    long[] passed = {-1, 0}; // the release epoch this connection counts in, and its bytes since
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (fromServer && !awaitRelease(passed, n, to)) {
          break;
        }
        if (!fromServer) {
          synchronized (fromClients) {
            int kept = Math.min(n, KEPT_FROM_CLIENTS - fromClients.length());
            fromClients.append(
                new String(buffer, 0, Math.max(0, kept), StandardCharsets.ISO_8859_1));
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed by the other side
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // already closed
      }
      synchronized (gate) {
        // an answer held for a client that went away is dropped: the connection is over
        gate.notifyAll();
      }
    }
  }

  /** Waits until these bytes may pass to the client; false when the client has gone meanwhile. */
  private boolean awaitRelease(long[] passed, int bytes, Socket client)
      throws InterruptedException {
    synchronized (gate) {
      while (true) {
        if (client.isClosed()) {
          return false;
        }
        if (passed[0] != epoch) {
          passed[0] = epoch;
          passed[1] = 0;
        }
        if (!held && (allowance < 0 || passed[1] < allowance)) {
          passed[1] += bytes;
          return true;
        }
        gate.wait();
      }
    }
  }

  @Override
  public void close() throws IOException {
    release();
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
