package io.mailferry.migration.application;

import java.time.Duration;

/** Sign-up or a status check was refused by the rate limit, before any password was checked. */
public class TooManyAttemptsException extends RuntimeException {

  private final Duration retryAfter;

  public TooManyAttemptsException(Duration retryAfter) {
    super(
        "Too many attempts; please try again in "
            + Math.max(1, (retryAfter.toSeconds() + 59) / 60)
            + " minutes");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
