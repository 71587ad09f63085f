package io.mailferry.ops.check;

import java.time.Instant;
import java.util.List;

/**
 * What a check found about one server.
 *
 * @param role "source" or "destination"
 * @param reachable whether Mailferry can talk IMAP to it as configured (TLS verified)
 * @param why the reason when not reachable, in words an admin can act on
 * @param certificateTrusted null without TLS; false when the certificate was shown but refused
 * @param certificateWarning the certificate expires in less than 30 days (or has expired)
 * @param capabilities the capabilities that matter to a migration, as the server announced them
 * @param mailbox what the login found, or null when no login was given
 */
public record ServerReport(
    String role,
    String host,
    int port,
    String security,
    boolean reachable,
    String why,
    String greeting,
    String tlsProtocol,
    String cipherSuite,
    String certificateSubject,
    String certificateIssuer,
    Instant certificateExpires,
    Long certificateDaysLeft,
    Boolean certificateTrusted,
    boolean certificateWarning,
    List<String> capabilities,
    Long appendLimit,
    String separator,
    String namespace,
    MailboxReport mailbox) {

  /** What a login found. */
  public record MailboxReport(
      boolean loggedIn,
      String why,
      int folders,
      long messages,
      long bytes,
      long largestMessage,
      String largestMessageFolder,
      Long destinationLimit,
      Boolean largestFits,
      Double rateMessagesPerSecond,
      Long estimatedSeconds) {}
}
