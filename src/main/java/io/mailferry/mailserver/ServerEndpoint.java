package io.mailferry.mailserver;

import java.util.Objects;

/**
 * Where an IMAP server listens and how to reach it safely.
 *
 * @param trustedCertificate PEM of the one certificate the admin chose to trust in addition to the
 *     system's trust store, or null
 */
public record ServerEndpoint(
    String host, int port, Security security, boolean allowPlaintext, String trustedCertificate) {

  public ServerEndpoint {
    Objects.requireNonNull(security, "security");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
    if (security == Security.NONE && !allowPlaintext) {
      throw new IllegalArgumentException(
          "plaintext IMAP to " + host + " is not allowed: use ssl or starttls, or allow plaintext");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port + " (" + security.name().toLowerCase() + ")";
  }
}
