package io.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket whose decrypted input passes through a {@link LiteralGuard}; everything else, the
 * handshake and the server identity check included, is the wrapped socket's.
 */
final class GuardedSslSocket extends SSLSocket {

  private final SSLSocket socket;
  private final long limit;
  private final ProtocolTrace trace;
  private final CommandDeadline deadline;
  private OutputStream sending;
  private InputStream guarded;

  /**
   * @param trace where the decrypted conversation and the handshake's outcome go, or null
   */
  GuardedSslSocket(SSLSocket socket, long limit, CommandDeadline deadline, ProtocolTrace trace) {
    this.socket = socket;
    this.limit = limit;
    this.deadline = deadline;
    this.trace = trace;
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (guarded == null) {
      guarded =
          TracedStreams.input(
              new LiteralGuard(deadline.receiving(socket.getInputStream()), limit), trace);
      if (trace != null) {
        noteHandshake();
      }
    }
    return guarded;
  }

  @Override
  public synchronized OutputStream getOutputStream() throws IOException {
    if (sending == null) {
      sending = TracedStreams.output(deadline.sending(socket.getOutputStream()), trace);
    }
    return sending;
  }

  /** Angus Mail shook hands before it reads: the trace says how, before the first line. */
  private void noteHandshake() {
    SSLSession session = socket.getSession();
    String peer;
    try {
      peer =
          session.getPeerCertificates()[0] instanceof java.security.cert.X509Certificate x509
              ? ", certificate "
                  + x509.getSubjectX500Principal().getName()
                  + " valid until "
                  + x509.getNotAfter().toInstant()
              : "";
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      peer = ", certificate not verified";
    }
    trace.note("TLS: " + session.getProtocol() + " " + session.getCipherSuite() + peer);
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    socket.connect(endpoint);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    socket.connect(endpoint, timeout);
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

  @Override
  public String[] getSupportedCipherSuites() {
    return socket.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return socket.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    socket.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return socket.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return socket.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    socket.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return socket.getSession();
  }

  @Override
  public SSLSession getHandshakeSession() {
    return socket.getHandshakeSession();
  }

  @Override
  public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
    socket.addHandshakeCompletedListener(listener);
  }

  @Override
  public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
    socket.removeHandshakeCompletedListener(listener);
  }

  @Override
  public void startHandshake() throws IOException {
    socket.startHandshake();
  }

  @Override
  public void setUseClientMode(boolean mode) {
    socket.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return socket.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    socket.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return socket.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    socket.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return socket.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    socket.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return socket.getEnableSessionCreation();
  }

  @Override
  public SSLParameters getSSLParameters() {
    return socket.getSSLParameters();
  }

  @Override
  public void setSSLParameters(SSLParameters parameters) {
    socket.setSSLParameters(parameters);
  }

  @Override
  public String getApplicationProtocol() {
    return socket.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return socket.getHandshakeApplicationProtocol();
  }
}
