package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailboxMigration;
import java.time.Duration;
import java.time.Instant;

/**
 * The limits of one run of a mailbox's copy: how long it may take (from its first start, across
 * pauses) and how many messages the destination may refuse before the run stops.
 */
record RunLimits(Duration timeout, int maxRefused) {

  /** Why the run must stop now, or null while it may go on. */
  String exceeded(MailboxMigration mailbox, Instant now, int refused) {
    if (mailbox.hasRunLongerThan(timeout, now)) {
      return "Timed out after " + describe(timeout) + " — resync to continue";
    }
    if (refused > maxRefused) {
      return "Stopped after "
          + refused
          + " messages were refused by the destination (limit "
          + maxRefused
          + "): see the message errors";
    }
    return null;
  }

  static String describe(Duration limit) {
    if (limit.toHours() >= 1 && limit.toMinutesPart() == 0) {
      return limit.toHours() + " h";
    }
    if (limit.toMinutes() >= 1) {
      return limit.toMinutes() + " min";
    }
    return limit.toSeconds() + " s";
  }
}
