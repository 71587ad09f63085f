package io.mailferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain POP3 proxy on 127.0.0.1 in front of a POP3 server that can misbehave the way real ones
 * do: cut the connection in the middle of a RETR answer (once, on the Nth RETR it passes on), or
 * answer UIDL with {@code -ERR} as a server without the optional command does (RFC 1939 7).
 * Commands are lines (RFC 1939 3), answered one at a time, so the bytes that follow a RETR are its
 * answer.
 */
public final class Pop3Proxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicInteger retrs = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger uidlRefusals = new AtomicInteger();
  private volatile int cutOnRetr = -1;
  private volatile int cutAfterBytes;
  private volatile boolean refuseUidl;

  public Pop3Proxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::accept, "pop3-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Cuts both connections after {@code bytes} bytes of the answer to the {@code n}th RETR. */
  public Pop3Proxy cutRetr(int n, int bytes) {
    this.cutAfterBytes = bytes;
    this.cutOnRetr = retrs.get() + n;
    return this;
  }

  /** Answers every UIDL with -ERR instead of passing it on. */
  public Pop3Proxy refuseUidl(boolean refuse) {
    this.refuseUidl = refuse;
    return this;
  }

  public int retrs() {
    return retrs.get();
  }

  public int cuts() {
    return cuts.get();
  }

  public int uidlRefusals() {
    return uidlRefusals.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket();
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
        new Connection(client, target).start();
      } catch (IOException e) {
        // closed, or one connection failed: the client sees a closed socket
      }
    }
  }

  /** One client's session: commands up, answers down, with the budget of a pending cut. */
  private final class Connection {
    private final Socket client;
    private final Socket target;
    private final OutputStream toClient;

    /** Bytes of answer still allowed through before the cut; negative: no cut pending. */
    private volatile long budget = -1;

    Connection(Socket client, Socket target) throws IOException {
      this.client = client;
      this.target = target;
      this.toClient = client.getOutputStream();
    }

    void start() {
      Thread down = new Thread(this::down, "pop3-proxy-down");
      down.setDaemon(true);
      down.start();
      Thread up = new Thread(this::up, "pop3-proxy-up");
      up.setDaemon(true);
      up.start();
    }

    private void up() {
      try (InputStream in = client.getInputStream();
          OutputStream toServer = target.getOutputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
          line.write(b);
          if (b != '\n') {
            continue;
          }
          byte[] command = line.toByteArray();
          line.reset();
          String verb =
              new String(command, StandardCharsets.US_ASCII).trim().toUpperCase(Locale.ROOT);
          if (refuseUidl && (verb.equals("UIDL") || verb.startsWith("UIDL "))) {
            uidlRefusals.incrementAndGet();
            synchronized (toClient) {
              toClient.write(
                  "-ERR UIDL is not supported here\r\n".getBytes(StandardCharsets.US_ASCII));
              toClient.flush();
            }
            continue;
          }
          if (verb.startsWith("RETR ") && retrs.incrementAndGet() == cutOnRetr) {
            budget = cutAfterBytes;
          }
          toServer.write(command);
          toServer.flush();
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeBoth();
      }
    }

    private void down() {
      byte[] buffer = new byte[8192];
      try (InputStream in = target.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long left = budget;
          synchronized (toClient) {
            if (left >= 0 && n >= left) {
              toClient.write(buffer, 0, (int) left);
              toClient.flush();
              cuts.incrementAndGet();
              closeBoth();
              return;
            }
            toClient.write(buffer, 0, n);
            toClient.flush();
          }
          if (left >= 0) {
            budget = left - n;
          }
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeBoth();
      }
    }

    private void closeBoth() {
      try {
        client.close();
      } catch (IOException ignored) {
        // closed already
      }
      try {
        target.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
