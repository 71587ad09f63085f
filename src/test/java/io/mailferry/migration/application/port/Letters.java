package io.mailferry.migration.application.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/** Small, distinct messages with CRLF line ends, as servers store them. */
final class Letters {

  /** Not 12:xx: GreenMail stores an APPEND date of 12:xx as 00:xx (its 12-hour parse). */
  static final Instant DATE = Instant.parse("2019-06-03T09:41:07Z");

  private Letters() {}

  static byte[] letter(int n, int bodyLines) {
    StringBuilder text = new StringBuilder();
    text.append("Message-ID: <contract-").append(n).append("@ports.test>\r\n");
    text.append("Date: Mon, 3 Jun 2019 09:41:07 +0000\r\n");
    text.append("From: Ana <ana@ports.test>\r\n");
    text.append("To: Ben <ben@ports.test>\r\n");
    text.append("Subject: Letter ").append(n).append("\r\n\r\n");
    for (int i = 0; i < bodyLines; i++) {
      text.append("Line ").append(i).append(" of letter ").append(n).append(".\r\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A letter of at least {@code octets} octets. */
  static byte[] largeLetter(int n, int octets) {
    return letter(n, octets / 28 + 1);
  }

  /** A letter of exactly {@code octets} octets, every line ending in CRLF. */
  static byte[] letterOfExactly(int n, int octets) {
    byte[] head = letter(n, 0);
    StringBuilder text = new StringBuilder(new String(head, StandardCharsets.US_ASCII));
    while (octets - text.length() > 80) {
      text.append("x".repeat(76)).append("\r\n");
    }
    text.append("y".repeat(octets - text.length() - 2)).append("\r\n");
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
