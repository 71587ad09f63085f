package io.mailferry.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories with Nagle's algorithm off. IMAP writes a literal's header, then its bytes: with
 * Nagle on, the last small segment of a message waits for the server's delayed ACK (40 ms) whenever
 * the server waits for the whole literal before answering, which is every APPEND to a server
 * without LITERAL+ (a message at a time: 25 messages a second at best).
 */
final class NoDelaySockets {

  private NoDelaySockets() {}

  /**
   * Mailferry fetches message bodies whole only up to 1 MB and larger ones in 256 KB pieces, and
   * asks the destination for metadata only: no honest answer carries a literal near 4 MB.
   */
  static final long DEFAULT_MAX_LITERAL = 4L * 1024 * 1024;

  /** What a socket from these factories accepts as one literal; see {@link LiteralGuard}. */
  static final long MAX_LITERAL = setting("mailferry.imap.max-literal-bytes", DEFAULT_MAX_LITERAL);

  /** A system property, else its environment variable (upper case, '_' for '.' and '-'). */
  private static long setting(String property, long defaultValue) {
    String variable =
        property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    String configured = System.getProperty(property, System.getenv().getOrDefault(variable, ""));
    try {
      return configured.isBlank() ? defaultValue : Long.parseLong(configured.trim());
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  /** How long the server may take to finish answering one command; see {@link CommandDeadline}. */
  static final Duration COMMAND_DEADLINE =
      Duration.ofSeconds(setting("mailferry.imap.command-deadline-seconds", 900));

  static Socket noDelay(Socket socket) throws IOException {
    return noDelay(socket, null);
  }

  static Socket noDelay(Socket socket, ProtocolTrace trace) throws IOException {
    socket.setTcpNoDelay(true);
    CommandDeadline deadline = new CommandDeadline(COMMAND_DEADLINE);
    if (socket instanceof SSLSocket tls) {
      return new GuardedSslSocket(tls, MAX_LITERAL, deadline, trace);
    }
    return new GuardedSocket(socket, MAX_LITERAL, deadline, trace);
  }

  /** For plain connections (and STARTTLS, which layers TLS over the same socket). */
  static final class Plain extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();
    private final ProtocolTrace trace;

    Plain() {
      this(null);
    }

    /** With the conversation of each connection copied to the trace, when there is one. */
    Plain(ProtocolTrace trace) {
      this.trace = trace;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket(), trace);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port), trace);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort), trace);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port), trace);
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort), trace);
    }
  }

  /** For implicit TLS (imaps), over the given TLS socket factory. */
  static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final ProtocolTrace trace;

    Tls(SSLSocketFactory delegate) {
      this(delegate, null);
    }

    /** With the decrypted conversation copied to the trace, when there is one. */
    Tls(SSLSocketFactory delegate, ProtocolTrace trace) {
      this.delegate = delegate;
      this.trace = trace;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket(), trace);
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
        throws IOException {
      Socket under = GuardedSocket.layerTlsUnder(socket);
      return noDelay(delegate.createSocket(under, host, port, autoClose), trace);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port), trace);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort), trace);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port), trace);
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort), trace);
    }
  }
}
