package io.mailferry.migration.application;

/** Checking the user's credentials against the source server failed. */
public class SourceLoginException extends RuntimeException {

  /** Why; each gets its own message for the user. */
  public enum Reason {
    UNKNOWN_DOMAIN,
    AUTO_MIGRATION_DISABLED,
    WRONG_PASSWORD,
    SOURCE_UNAVAILABLE
  }

  private final Reason reason;

  public SourceLoginException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
