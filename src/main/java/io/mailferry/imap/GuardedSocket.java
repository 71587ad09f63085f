package io.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket whose input passes through a {@link LiteralGuard}. Everything else is the wrapped
 * socket's. When TLS is layered over it (STARTTLS), the TLS socket is guarded instead and this one
 * hands out its raw stream: the guard must read plain IMAP, never ciphertext.
 */
final class GuardedSocket extends Socket {

  private final Socket socket;
  private final long limit;
  private final ProtocolTrace trace;
  private final CommandDeadline deadline;
  private OutputStream sending;
  private volatile boolean layered;
  private InputStream guarded;

  /**
   * @param trace where the conversation is copied, or null
   */
  GuardedSocket(Socket socket, long limit, CommandDeadline deadline, ProtocolTrace trace) {
    this.socket = socket;
    this.limit = limit;
    this.deadline = deadline;
    this.trace = trace;
    register();
  }

  /**
   * Open guarded sockets by their two ends. Angus Mail wraps a socket (in its write-timeout socket)
   * before STARTTLS hands it to the TLS factory, which finds the guarded one here.
   */
  private static final Map<String, GuardedSocket> OPEN = new ConcurrentHashMap<>();

  private String key;

  private void register() {
    if (socket.isConnected() && key == null) {
      key = key(socket);
      OPEN.put(key, this);
    }
  }

  private static String key(Socket socket) {
    return socket.getLocalSocketAddress() + ">" + socket.getRemoteSocketAddress();
  }

  /** The plain socket under {@code socket} for TLS to layer over, whatever wraps it. */
  static Socket layerTlsUnder(Socket socket) {
    GuardedSocket guarded =
        socket instanceof GuardedSocket g ? g : socket.isConnected() ? OPEN.get(key(socket)) : null;
    return guarded == null ? socket : guarded.layerTls();
  }

  /** The socket under the guard, for TLS to layer over; this one stops guarding. */
  Socket layerTls() {
    layered = true;
    return socket;
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (layered) {
      return socket.getInputStream();
    }
    if (guarded == null) {
      guarded =
          TracedStreams.input(
              new LiteralGuard(deadline.receiving(socket.getInputStream()), limit), trace);
    }
    return guarded;
  }

  @Override
  public synchronized OutputStream getOutputStream() throws IOException {
    if (layered) {
      return socket.getOutputStream();
    }
    if (sending == null) {
      sending = TracedStreams.output(deadline.sending(socket.getOutputStream()), trace);
    }
    return sending;
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    socket.connect(endpoint);
    register();
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    socket.connect(endpoint, timeout);
    register();
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    socket.bind(bindpoint);
  }

  @Override
  public InetAddress getInetAddress() {
    return socket.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public int getPort() {
    return socket.getPort();
  }

  @Override
  public int getLocalPort() {
    return socket.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return socket.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return socket.getLocalSocketAddress();
  }

  @Override
  public SocketChannel getChannel() {
    return null;
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    socket.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return socket.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    socket.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return socket.getSoLinger();
  }

  @Override
  public synchronized void setSoTimeout(int timeout) throws SocketException {
    socket.setSoTimeout(timeout);
  }

  @Override
  public synchronized int getSoTimeout() throws SocketException {
    return socket.getSoTimeout();
  }

  @Override
  public synchronized void setSendBufferSize(int size) throws SocketException {
    socket.setSendBufferSize(size);
  }

  @Override
  public synchronized int getSendBufferSize() throws SocketException {
    return socket.getSendBufferSize();
  }

  @Override
  public synchronized void setReceiveBufferSize(int size) throws SocketException {
    socket.setReceiveBufferSize(size);
  }

  @Override
  public synchronized int getReceiveBufferSize() throws SocketException {
    return socket.getReceiveBufferSize();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    socket.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return socket.getKeepAlive();
  }

  @Override
  public synchronized void close() throws IOException {
    if (key != null) {
      OPEN.remove(key, this);
    }
    socket.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    socket.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected();
  }

  @Override
  public boolean isBound() {
    return socket.isBound();
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return socket.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return socket.isOutputShutdown();
  }

  @Override
  public String toString() {
    return socket.toString();
  }
}
