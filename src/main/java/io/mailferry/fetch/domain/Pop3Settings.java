package io.mailferry.fetch.domain;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import java.util.Locale;

/**
 * Where a fetch reads and writes, checked: POP3S (RFC 8314) or STLS (RFC 2595 4), plaintext only
 * where the admin allows it.
 *
 * @param email the destination mailbox, lower case
 * @param folder the destination folder (INBOX unless given)
 * @param leaveOnServer false: a message is deleted from the POP3 server once the destination
 *     confirmed its APPEND
 * @param trustedCertificate PEM of a certificate the admin trusts for this server besides the
 *     system's, or null
 */
public record Pop3Settings(
    String email,
    String host,
    int port,
    Security security,
    boolean allowPlaintext,
    String login,
    String folder,
    boolean leaveOnServer,
    String trustedCertificate) {

  public Pop3Settings {
    if (email == null || !email.trim().matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("email must be the destination mailbox's address");
    }
    email = email.trim().toLowerCase(Locale.ROOT);
    if (host == null || host.isBlank() || host.trim().length() > 255) {
      throw new IllegalArgumentException("host is required");
    }
    host = host.trim();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
    if (security == null) {
      throw new IllegalArgumentException("security must be one of ssl, starttls, none");
    }
    if (security == Security.NONE && !allowPlaintext) {
      throw new IllegalArgumentException(
          "plaintext POP3 to " + host + " is not allowed: use ssl or starttls, or allow plaintext");
    }
    if (login == null || login.isBlank() || login.length() > 320) {
      throw new IllegalArgumentException("login is required");
    }
    trustedCertificate =
        trustedCertificate == null || trustedCertificate.isBlank()
            ? null
            : trustedCertificate.trim();
    folder = folder == null || folder.isBlank() ? "INBOX" : folder.trim();
    if (folder.length() > 255 || folder.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      throw new IllegalArgumentException("folder must be a folder name of at most 255 characters");
    }
  }

  /** Where the POP3 server listens and how to reach it. */
  public ServerEndpoint endpoint() {
    return new ServerEndpoint(host, port, security, allowPlaintext, trustedCertificate);
  }

  /** The usual port: 995 for POP3S, 110 otherwise. */
  public static int defaultPort(Security security) {
    return security == Security.SSL ? 995 : 110;
  }
}
