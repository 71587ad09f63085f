package io.mailferry.mailserver;

import java.util.Locale;

/** Transport security of an IMAP connection. */
public enum Security {
  /** Implicit TLS (IMAPS, RFC 8314), usually port 993. */
  SSL,
  /** Plain connection upgraded with STARTTLS (RFC 3501 6.2.1); required, never optional. */
  STARTTLS,
  /** No encryption; allowed only where the admin explicitly permits plaintext. */
  NONE;

  public static Security parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("security must be one of ssl, starttls, none");
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "security '" + text + "' is not one of ssl, starttls, none", e);
    }
  }
}
