package io.mailferry.fetch.application;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.fetch.domain.ArrivalDate;
import io.mailferry.fetch.domain.MessageKey;
import io.mailferry.imap.MessageContent;
import io.mailferry.migration.domain.Fingerprint;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;

/**
 * A retrieved POP3 message ready to APPEND: its bytes unchanged, the INTERNALDATE it is filed under
 * ({@link ArrivalDate}), and the engine's fingerprint of it as the destination will report it
 * (headers, that date, the size), by which it is recognised after a crash.
 */
public record PreparedMessage(
    MessageKey key,
    int number,
    byte[] bytes,
    Instant internalDate,
    Fingerprint fingerprint,
    String subject) {

  public static PreparedMessage of(MessageKey key, int number, byte[] bytes, Instant fetchedAt) {
    InternetHeaders headers = headers(bytes);
    Instant date =
        ArrivalDate.of(headers.getHeader("Received"), headers.getHeader("Date", null), fetchedAt);
    Fingerprint fingerprint =
        Fingerprint.of(
            headers.getHeader("Message-ID", null),
            headers.getHeader("Date", null),
            headers.getHeader("From", null),
            headers.getHeader("To", null),
            headers.getHeader("Subject", null),
            date,
            bytes.length);
    return new PreparedMessage(
        key, number, bytes, date, fingerprint, decode(headers.getHeader("Subject", null)));
  }

  /**
   * The key of a message on a server without UIDL: the fingerprint of its headers (TOP n 0) and its
   * listed size, without a date (the same on every run).
   */
  public static Fingerprint identity(byte[] headerBytes, long size) {
    InternetHeaders headers = headers(headerBytes);
    return Fingerprint.of(
        headers.getHeader("Message-ID", null),
        headers.getHeader("Date", null),
        headers.getHeader("From", null),
        headers.getHeader("To", null),
        headers.getHeader("Subject", null),
        null,
        size);
  }

  static InternetHeaders headers(byte[] bytes) {
    try {
      return new InternetHeaders(new ByteArrayInputStream(bytes));
    } catch (MessagingException e) {
      return new InternetHeaders();
    }
  }

  private static String decode(String subject) {
    if (subject == null) {
      return null;
    }
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(subject));
    } catch (UnsupportedEncodingException | RuntimeException e) {
      return subject;
    }
  }

  public OutgoingMessage outgoing() {
    return new OutgoingMessage(
        MessageContent.inMemory(bytes, 0, bytes.length), null, internalDate, fingerprint);
  }
}
