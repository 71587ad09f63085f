package io.mailferry.source.pop3;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * The mail-session properties of a POP3 connection, beside {@link MailSessions} for IMAP: connect,
 * read and write timeouts (Angus's defaults wait forever), the server's identity checked, STLS
 * required where asked for (never a silent fall-back to plaintext).
 */
public final class Pop3Sessions {

  private Pop3Sessions() {}

  public static String protocol(ServerEndpoint endpoint) {
    return endpoint.security() == Security.SSL ? "pop3s" : "pop3";
  }

  public static Session session(ServerEndpoint endpoint, Duration connect, Duration read) {
    String p = protocol(endpoint);
    Properties props = new Properties();
    props.put("mail." + p + ".host", endpoint.host());
    props.put("mail." + p + ".port", String.valueOf(endpoint.port()));
    props.put("mail." + p + ".connectiontimeout", String.valueOf(connect.toMillis()));
    props.put("mail." + p + ".timeout", String.valueOf(read.toMillis()));
    props.put("mail." + p + ".writetimeout", String.valueOf(read.toMillis()));
    props.put("mail." + p + ".ssl.checkserveridentity", "true");
    // a message's bytes are read once, handed on and dropped: nothing cached between calls
    props.put("mail." + p + ".keepmessagecontent", "false");
    if (endpoint.security() == Security.STARTTLS) {
      props.put("mail." + p + ".starttls.enable", "true");
      props.put("mail." + p + ".starttls.required", "true");
    }
    if (endpoint.security() != Security.NONE) {
      SSLSocketFactory tls =
          endpoint.trustedCertificate() != null
              ? MailSessions.socketFactory(endpoint.trustedCertificate())
              : (SSLSocketFactory) SSLSocketFactory.getDefault();
      props.put("mail." + p + ".ssl.socketFactory", tls);
    }
    return Session.getInstance(props);
  }
}
