package io.mailferry.migration.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * A domain rule that leaves a message out on purpose. The reason recorded for a skipped message
 * starts with the rule's words, which is how a skip by rule is told from one by accident (a
 * message expunged while copying, one the source would not return).
 */
public enum SkipRule {
  DELETED("deleted on the source"),
  TOO_LARGE("larger than the domain's maximum message size");

  private final String reason;

  SkipRule(String reason) {
    this.reason = reason;
  }

  /** The words a skip reason starts with. */
  public String reason() {
    return reason;
  }

  /** The rule that gave this skip reason; empty for skips no rule asked for. */
  public static Optional<SkipRule> of(String skipReason) {
    if (skipReason == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(rule -> skipReason.startsWith(rule.reason)).findFirst();
  }
}
