package io.mailferry.fetch.domain;

import io.mailferry.migration.domain.Fingerprint;

/**
 * Names one POP3 message across sessions. Message numbers change from session to session (RFC 1939
 * section 7), so a message is named by its unique-id listing (UIDL: 1 to 70 characters in 0x21 to
 * 0x7E, stable across sessions); where the server has no UIDL, by the fingerprint of its headers
 * and size, with an ordinal for identical messages in one listing.
 */
public record MessageKey(String value) {

  private static final int MAX_UIDL = 70;

  public MessageKey {
    if (value == null || value.isEmpty() || value.length() > 100) {
      throw new IllegalArgumentException("a message key is 1 to 100 characters");
    }
  }

  /**
   * @throws IllegalArgumentException when the server sent what RFC 1939 does not allow
   */
  public static MessageKey ofUidl(String uidl) {
    if (uidl == null || uidl.isEmpty() || uidl.length() > MAX_UIDL) {
      throw new IllegalArgumentException(
          "the server's unique-id '" + uidl + "' is not 1 to 70 characters (RFC 1939 section 7)");
    }
    for (int i = 0; i < uidl.length(); i++) {
      char c = uidl.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException(
            "the server's unique-id '" + uidl + "' has a character outside 0x21-0x7E (RFC 1939)");
      }
    }
    return new MessageKey("uidl:" + uidl);
  }

  /**
   * @param occurrence 1 for the first message with this fingerprint in the listing, 2 for the next,
   *     and so on
   */
  public static MessageKey ofFingerprint(Fingerprint fingerprint, int occurrence) {
    if (occurrence < 1) {
      throw new IllegalArgumentException("occurrence counts from 1");
    }
    return new MessageKey("fp:" + fingerprint.value() + (occurrence == 1 ? "" : "#" + occurrence));
  }

  public boolean isUidl() {
    return value.startsWith("uidl:");
  }

  @Override
  public String toString() {
    return value;
  }
}
