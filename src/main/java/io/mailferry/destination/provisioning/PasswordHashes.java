package io.mailferry.destination.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * Password hashes in Dovecot's {@code {SCHEME}hash} form. {@code SHA512-CRYPT} (the default) and
 * {@code SHA256-CRYPT} are glibc's crypt(3) {@code $6$} / {@code $5$} with 5000 rounds and a random
 * 16-character salt, computed by Apache Commons Codec's {@link Sha2Crypt} (a maintained
 * implementation tested against the glibc vectors) rather than by code of our own. {@code
 * BLF-CRYPT} and {@code ARGON2ID} are not offered: no library for them is bundled.
 */
public final class PasswordHashes {

  private static final String SALT_CHARS =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  /**
   * @param scheme {@code SHA512-CRYPT} or {@code SHA256-CRYPT}, with or without braces, any case
   * @return e.g. {@code {SHA512-CRYPT}$6$salt$hash}
   * @throws IllegalArgumentException for another scheme
   */
  public static String hash(String scheme, String password) {
    return hash(scheme, password, randomSalt());
  }

  /** As {@link #hash(String, String)} with a given salt (tests, known vectors). */
  static String hash(String scheme, String password, String salt) {
    String name = normalise(scheme);
    byte[] key = password.getBytes(StandardCharsets.UTF_8);
    return switch (name) {
      case "SHA512-CRYPT" -> "{" + name + "}" + Sha2Crypt.sha512Crypt(key, "$6$" + salt);
      case "SHA256-CRYPT" -> "{" + name + "}" + Sha2Crypt.sha256Crypt(key, "$5$" + salt);
      default ->
          throw new IllegalArgumentException(
              "the password scheme "
                  + scheme
                  + " is not supported; use SHA512-CRYPT or SHA256-CRYPT");
    };
  }

  /** "{sha512-crypt}" and "sha512-crypt" are SHA512-CRYPT. */
  public static String normalise(String scheme) {
    String name = scheme == null ? "" : scheme.trim().toUpperCase(Locale.ROOT);
    if (name.startsWith("{") && name.endsWith("}")) {
      name = name.substring(1, name.length() - 1);
    }
    return name;
  }

  private static String randomSalt() {
    StringBuilder salt = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
    }
    return salt.toString();
  }
}
