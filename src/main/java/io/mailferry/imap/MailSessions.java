package io.mailferry.imap;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one place where Angus Mail sessions are configured. Angus's own defaults wait forever on a
 * dead server; every connection here has connect, read and write timeouts.
 */
public final class MailSessions {

  /** Fetch large messages in 1 MB pieces: 16 KB pieces (the default) halve the throughput. */
  private static final int FETCH_SIZE = 1024 * 1024;

  private MailSessions() {}

  public static String protocol(ServerEndpoint endpoint) {
    return endpoint.security() == Security.SSL ? "imaps" : "imap";
  }

  public static Session session(ServerEndpoint endpoint, Duration connect, Duration read) {
    return session(endpoint, connect, read, null);
  }

  /**
   * A session whose connections copy their IMAP conversation to {@code trace} (taken from the
   * socket, after TLS: see {@link ProtocolTrace}); null for none.
   */
  public static Session session(
      ServerEndpoint endpoint, Duration connect, Duration read, ProtocolTrace trace) {
    String p = protocol(endpoint);
    Properties props = new Properties();
    props.put("mail." + p + ".host", endpoint.host());
    props.put("mail." + p + ".port", String.valueOf(endpoint.port()));
    props.put("mail." + p + ".connectiontimeout", String.valueOf(connect.toMillis()));
    props.put("mail." + p + ".timeout", String.valueOf(read.toMillis()));
    props.put("mail." + p + ".writetimeout", String.valueOf(read.toMillis()));
    // BODY.PEEK: reading a message must never set \Seen on the source (RFC 3501 6.4.5).
    props.put("mail." + p + ".peek", "true");
    props.put("mail." + p + ".partialfetch", "true");
    props.put("mail." + p + ".fetchsize", String.valueOf(FETCH_SIZE));
    props.put("mail." + p + ".connectionpoolsize", "1");
    props.put("mail." + p + ".ssl.checkserveridentity", "true");
    if (endpoint.security() == Security.STARTTLS) {
      props.put("mail." + p + ".starttls.enable", "true");
      props.put("mail." + p + ".starttls.required", "true");
    }
    SSLSocketFactory tls =
        endpoint.security() != Security.NONE && endpoint.trustedCertificate() != null
            ? socketFactory(endpoint.trustedCertificate())
            : (SSLSocketFactory) SSLSocketFactory.getDefault();
    if (endpoint.security() == Security.SSL) {
      props.put("mail." + p + ".ssl.socketFactory", new NoDelaySockets.Tls(tls, trace));
    } else {
      props.put("mail." + p + ".socketFactory", new NoDelaySockets.Plain(trace));
      // STARTTLS layers TLS over the plain socket: the guard (and the trace) then read the
      // decrypted stream of the TLS socket, never ciphertext (see GuardedSocket#layerTls)
      props.put("mail." + p + ".ssl.socketFactory", new NoDelaySockets.Tls(tls, trace));
    }
    return Session.getInstance(props);
  }

  /** Connects and logs in; the caller closes the store. */
  public static Store connect(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException {
    return connect(endpoint, login, password, connect, read, null);
  }

  /** As {@link #connect(ServerEndpoint, String, String, Duration, Duration)}, traced. */
  public static Store connect(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException {
    Store store = store(session(endpoint, connect, read, trace), endpoint);
    store.connect(endpoint.host(), endpoint.port(), login, password);
    return store;
  }

  /**
   * A store of this session, not connected yet, whose logins take one round trip where the server
   * allows it ({@link QuickImapProtocol}).
   */
  public static Store store(Session session, ServerEndpoint endpoint) {
    URLName url = new URLName(protocol(endpoint), null, -1, null, null, null);
    return new QuickImapStore(session, url, endpoint.security() == Security.SSL);
  }

  /** Trusts the system's certificate authorities and, in addition, the admin's certificate(s). */
  public static SSLSocketFactory socketFactory(String pem) {
    try {
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int i = 0;
      for (X509Certificate certificate : parse(pem)) {
        extra.setCertificateEntry("trusted-" + i++, certificate);
      }
      X509ExtendedTrustManager system = trustManager(null);
      X509ExtendedTrustManager admin = trustManager(extra);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new EitherTrustManager(system, admin)}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "the trusted certificate cannot be used: " + e.getMessage(), e);
    }
  }

  public static List<X509Certificate> parse(String pem) {
    try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
      List<X509Certificate> result = new ArrayList<>();
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        result.add((X509Certificate) certificate);
      }
      if (result.isEmpty()) {
        throw new IllegalArgumentException("no certificate found in the PEM text");
      }
      return result;
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(KeyStore keyStore)
      throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(keyStore);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager available");
  }

  /** Accepts a chain that either the system or the admin's certificate vouches for. */
  private static final class EitherTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager first;
    private final X509ExtendedTrustManager second;

    EitherTrustManager(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    private interface Check {
      void run(X509ExtendedTrustManager manager) throws CertificateException;
    }

    private void either(Check check) throws CertificateException {
      try {
        check.run(first);
      } catch (CertificateException e) {
        check.run(second);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      first.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      first.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      first.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return first.getAcceptedIssuers();
    }
  }
}
