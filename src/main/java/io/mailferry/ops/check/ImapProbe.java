package io.mailferry.ops.check;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Talks to an IMAP server before any login, as Mailferry would reach it: TCP, then TLS (implicit or
 * STARTTLS, RFC 3501 6.2.1) verified against the system's authorities and the admin's trusted
 * certificate with the host name checked (RFC 2818), the greeting and CAPABILITY. When the
 * certificate is refused, a second handshake that trusts anything, and sends nothing, shows which
 * certificate the server presents.
 */
public final class ImapProbe {

  /** What the probe saw. */
  public record Result(
      boolean reachable,
      String why,
      String greeting,
      String tlsProtocol,
      String cipherSuite,
      X509Certificate certificate,
      Boolean trusted,
      List<String> capabilities) {}

  private ImapProbe() {}

  public static Result probe(ServerEndpoint endpoint, Duration connect, Duration read) {
    SSLSocketFactory verified =
        endpoint.trustedCertificate() == null
            ? (SSLSocketFactory) SSLSocketFactory.getDefault()
            : MailSessions.socketFactory(endpoint.trustedCertificate());
    Socket socket = null;
    try {
      socket = new Socket();
      socket.connect(
          new InetSocketAddress(endpoint.host(), endpoint.port()), (int) connect.toMillis());
      socket.setSoTimeout((int) read.toMillis());
      String greeting = null;
      SSLSocket tls = null;
      try {
        if (endpoint.security() == Security.SSL) {
          tls = handshake(verified, socket, endpoint);
          socket = tls;
        } else if (endpoint.security() == Security.STARTTLS) {
          Conversation plain = new Conversation(socket);
          greeting = plain.greeting();
          if (!plain.command("STARTTLS").startsWith("OK")) {
            return failed("the server refused STARTTLS: " + plain.lastLine, greeting, null);
          }
          tls = handshake(verified, socket, endpoint);
          socket = tls;
        }
      } catch (SSLHandshakeException e) {
        X509Certificate presented = presentedCertificate(endpoint);
        return new Result(
            false,
            "TLS with "
                + endpoint.host()
                + " failed: "
                + rootMessage(e)
                + (presented == null
                    ? ""
                    : " (trust the server's certificate on the domain if it is the right one)"),
            greeting,
            null,
            null,
            presented,
            presented == null ? null : false,
            List.of());
      }
      Conversation imap = new Conversation(socket);
      if (greeting == null) {
        greeting = imap.greeting();
      }
      if (!greeting.startsWith("* OK") && !greeting.startsWith("* PREAUTH")) {
        return failed("the server did not greet as an IMAP server: " + greeting, greeting, tls);
      }
      String answer = imap.command("CAPABILITY");
      List<String> capabilities = imap.capabilities;
      imap.command("LOGOUT");
      if (!answer.startsWith("OK")) {
        return failed("CAPABILITY was refused: " + imap.lastLine, greeting, tls);
      }
      return new Result(
          true,
          null,
          greeting,
          tls == null ? null : tls.getSession().getProtocol(),
          tls == null ? null : tls.getSession().getCipherSuite(),
          tls == null ? null : (X509Certificate) tls.getSession().getPeerCertificates()[0],
          tls == null ? null : true,
          capabilities);
    } catch (IOException e) {
      return new Result(
          false,
          "cannot reach " + endpoint.host() + ":" + endpoint.port() + ": " + rootMessage(e),
          null,
          null,
          null,
          null,
          null,
          List.of());
    } finally {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing after a failure: nothing more to report
      }
    }
  }

  private static Result failed(String why, String greeting, SSLSocket tls) throws IOException {
    return new Result(
        false,
        why,
        greeting,
        tls == null ? null : tls.getSession().getProtocol(),
        tls == null ? null : tls.getSession().getCipherSuite(),
        tls == null ? null : (X509Certificate) tls.getSession().getPeerCertificates()[0],
        tls == null ? null : true,
        List.of());
  }

  private static SSLSocket handshake(
      SSLSocketFactory factory, Socket plain, ServerEndpoint endpoint) throws IOException {
    SSLSocket tls = (SSLSocket) factory.createSocket(plain, endpoint.host(), endpoint.port(), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return tls;
  }

  /**
   * The certificate a server presents, read by a handshake that trusts anything and sends nothing.
   */
  private static X509Certificate presentedCertificate(ServerEndpoint endpoint) {
    X509Certificate[] seen = new X509Certificate[1];
    X509TrustManager recorder =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client is never checked here");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen[0] = chain.length == 0 ? null : chain[0];
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
      socket.setSoTimeout(10_000);
      if (endpoint.security() == Security.STARTTLS) {
        Conversation plain = new Conversation(socket);
        plain.greeting();
        plain.command("STARTTLS");
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recorder}, null);
      try (SSLSocket tls =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(socket, endpoint.host(), endpoint.port(), true)) {
        tls.startHandshake();
      }
    } catch (Exception e) {
      // the certificate, if any, was recorded before whatever failed
    }
    return seen[0];
  }

  public static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  /** A line-by-line IMAP exchange with tagged commands. */
  private static final class Conversation {
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;
    private String lastLine = "";
    private List<String> capabilities = List.of();

    Conversation(Socket socket) throws IOException {
      this.in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      this.out = socket.getOutputStream();
    }

    String greeting() throws IOException {
      String line = readLine();
      capabilities(line);
      return line;
    }

    /** Sends a command; answers the tagged status ("OK ...", "NO ...", "BAD ..."). */
    String command(String command) throws IOException {
      String t = "c" + (++tag);
      out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (true) {
        String line = readLine();
        capabilities(line);
        if (line.startsWith(t + " ")) {
          return line.substring(t.length() + 1);
        }
      }
    }

    private void capabilities(String line) {
      String upper = line.toUpperCase(Locale.ROOT);
      int at = upper.indexOf("CAPABILITY ");
      if (line.startsWith("* CAPABILITY ") || (at > 0 && upper.startsWith("* OK [CAPABILITY "))) {
        String list = line.substring(at + "CAPABILITY ".length());
        int end = list.indexOf(']');
        if (end >= 0) {
          list = list.substring(0, end);
        }
        capabilities = new ArrayList<>(Arrays.asList(list.trim().split("\\s+")));
      }
    }

    private String readLine() throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the server closed the connection (last answer: " + lastLine + ")");
      }
      lastLine = line;
      return line;
    }
  }
}
