package io.mailferry.migration.application;

import java.util.List;

/**
 * Tells the messages left out on purpose (by the domain's rules, or gone from the source) from
 * those that failed, by the reasons {@link MailboxCopy} records.
 */
final class MessageErrors {

  private static final List<String> SKIPS =
      List.of("deleted on the source", "expunged on the source", "larger than the domain's");

  private MessageErrors() {}

  static boolean isSkip(String reason) {
    return reason != null && SKIPS.stream().anyMatch(reason::startsWith);
  }
}
