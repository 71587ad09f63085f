package io.mailferry.fetch.domain;

import jakarta.mail.internet.MailDateFormat;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * The date a fetched message is filed under on the destination (its INTERNALDATE). POP3 has no
 * arrival date, but the top-most Received header carries the moment the last server took the
 * message (RFC 5321 4.4: the date after the last ';'); without one the Date header (RFC 5322
 * 3.6.1), and without either the moment it was fetched. Whole seconds, as IMAP keeps them.
 */
public final class ArrivalDate {

  private ArrivalDate() {}

  /**
   * @param received the Received headers, top-most first, or null
   * @param date the Date header, or null
   * @param fetchedAt used when neither header holds a date
   */
  public static Instant of(String[] received, String date, Instant fetchedAt) {
    if (received != null) {
      for (String header : received) {
        int semicolon = header == null ? -1 : header.lastIndexOf(';');
        if (semicolon >= 0) {
          Instant parsed = parse(header.substring(semicolon + 1));
          if (parsed != null) {
            return parsed;
          }
        }
      }
    }
    Instant parsed = parse(date);
    return parsed != null ? parsed : fetchedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  private static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Date parsed = new MailDateFormat().parse(text.replaceAll("\\s+", " ").trim());
      if (parsed == null || parsed.getTime() < 0) {
        return null;
      }
      return parsed.toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}
