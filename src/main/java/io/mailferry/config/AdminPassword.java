package io.mailferry.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * The admin password from {@code mailferry.admin.password}: plain text of at least {@value
 * #MIN_LENGTH} characters, or a crypt(3) hash {@code {SHA512-CRYPT}$6$salt$hash} as {@code openssl
 * passwd -6} or {@code doveadm pw -s SHA512-CRYPT} print it. Only demo mode accepts no password
 * (then {@link MailferryConfig#DEMO_ADMIN_PASSWORD}).
 */
public final class AdminPassword {

  public static final int MIN_LENGTH = 12;
  private static final String SHA512_CRYPT = "{SHA512-CRYPT}";

  private final String configured;
  private final boolean hashed;

  private AdminPassword(String configured, boolean hashed) {
    this.configured = configured;
    this.hashed = hashed;
  }

  /**
   * @throws IllegalStateException when the password is unset, the demo default or too short outside
   *     demo mode, or a hash is malformed: Mailferry must not start
   */
  public static AdminPassword of(Optional<String> configured, boolean demo) {
    String value = configured.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    if (value == null) {
      if (demo) {
        return new AdminPassword(MailferryConfig.DEMO_ADMIN_PASSWORD, false);
      }
      throw new IllegalStateException(
          "mailferry.admin.password (MAILFERRY_ADMIN_PASSWORD) is not set: set a password of at"
              + " least "
              + MIN_LENGTH
              + " characters or a {SHA512-CRYPT} hash");
    }
    if (value.regionMatches(true, 0, SHA512_CRYPT, 0, SHA512_CRYPT.length())) {
      String hash = value.substring(SHA512_CRYPT.length());
      if (!hash.matches("\\$6\\$(rounds=\\d+\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}")) {
        throw new IllegalStateException(
            "mailferry.admin.password is not a valid {SHA512-CRYPT}$6$salt$hash (make one with"
                + " openssl passwd -6)");
      }
      return new AdminPassword(hash, true);
    }
    if (value.startsWith("{") && value.indexOf('}') > 0) {
      throw new IllegalStateException(
          "mailferry.admin.password: the scheme "
              + value.substring(0, value.indexOf('}') + 1).toUpperCase(Locale.ROOT)
              + " is not supported; use {SHA512-CRYPT} or a plain password");
    }
    if (!demo && value.equals(MailferryConfig.DEMO_ADMIN_PASSWORD)) {
      throw new IllegalStateException(
          "mailferry.admin.password is the demo password 'admin': set your own outside demo mode");
    }
    if (!demo && value.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "mailferry.admin.password is shorter than " + MIN_LENGTH + " characters");
    }
    return new AdminPassword(value, false);
  }

  /** Compares in constant time (a hash: the crypt of the given password with the stored salt). */
  public boolean matches(String given) {
    if (given == null) {
      return false;
    }
    String candidate =
        hashed ? Sha2Crypt.sha512Crypt(given.getBytes(StandardCharsets.UTF_8), configured) : given;
    return MessageDigest.isEqual(
        candidate.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8));
  }
}
