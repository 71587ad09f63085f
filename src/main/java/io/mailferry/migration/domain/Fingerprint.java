package io.mailferry.migration.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Recognises one message on either server without its UID: the Message-ID (or, where there is none,
 * a hash of Date, From, To and Subject), the INTERNALDATE to the second and the size in octets. Two
 * copies of the same message carry the same fingerprint on source and destination.
 */
public record Fingerprint(String value) {

  public Fingerprint {
    if (value == null || value.length() != 64) {
      throw new IllegalArgumentException("a fingerprint is 64 hex digits");
    }
  }

  /**
   * @param messageId the Message-ID header, or null
   * @param date the Date header, or null
   * @param from the From header, or null
   * @param to the To header, or null
   * @param subject the Subject header, or null
   */
  public static Fingerprint of(
      String messageId,
      String date,
      String from,
      String to,
      String subject,
      Instant internalDate,
      long size) {
    String identity =
        messageId != null && !messageId.isBlank()
            ? "id:" + normalise(messageId)
            : "h:"
                + normalise(date)
                + "\n"
                + normalise(from)
                + "\n"
                + normalise(to)
                + "\n"
                + normalise(subject);
    long seconds = internalDate == null ? 0 : internalDate.getEpochSecond();
    return new Fingerprint(sha256(identity + "\n" + seconds + "\n" + size));
  }

  private static String normalise(String header) {
    return header == null ? "" : header.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
