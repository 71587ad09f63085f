package io.mailferry.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that delays every byte by a fixed time in each direction: with 10 ms
 * each way a client sees 20 ms more on every round trip to the target, as across a WAN. Bandwidth
 * is not limited; data already in flight keeps flowing (a pipelined client loses little).
 */
public final class DelayProxy implements AutoCloseable {

  private record Chunk(long dueNanos, byte[] bytes) {}

  private static final Chunk END = new Chunk(0, new byte[0]);

  private final ServerSocket server;
  private final int targetPort;
  private final long delayNanos;

  public DelayProxy(int targetPort, long oneWayDelayMillis) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(oneWayDelayMillis);
    Thread acceptor = new Thread(this::accept, "delay-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket();
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        pipe(client, target);
        pipe(target, client);
      } catch (IOException e) {
        // closed, or one connection failed: the client sees a closed socket
      }
    }
  }

  private void pipe(Socket from, Socket to) throws IOException {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
              } catch (IOException e) {
                // the other side closed
              }
              queue.add(END);
            },
            "delay-proxy-read");
    Thread writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  Chunk chunk = queue.take();
                  if (chunk == END) {
                    break;
                  }
                  long wait = chunk.dueNanos() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  out.write(chunk.bytes());
                  if (queue.isEmpty()) {
                    out.flush();
                  }
                }
                to.shutdownOutput();
              } catch (IOException | InterruptedException e) {
                // closed
              }
              closeQuietly(from);
              closeQuietly(to);
            },
            "delay-proxy-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
