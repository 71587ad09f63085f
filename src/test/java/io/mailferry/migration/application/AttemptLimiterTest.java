package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final AttemptLimiter limiter = new AttemptLimiter(3, Duration.ofMinutes(15), clock);

  @Test
  void refusesTheAttemptAfterTheMaximumInTheWindow() {
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();

    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void keysAreLimitedSeparately() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("alice@example.org");
    }

    assertThat(limiter.tryAcquire("bob@example.org")).isTrue();
    assertThat(limiter.retryAfter("bob@example.org")).isZero();
  }

  @Test
  void attemptsLeaveTheWindowOneByOne() {
    limiter.tryAcquire("k");
    clock.move(Duration.ofMinutes(5));
    limiter.tryAcquire("k");
    limiter.tryAcquire("k");
    assertThat(limiter.tryAcquire("k")).isFalse();

    clock.move(Duration.ofMinutes(10));
    assertThat(limiter.tryAcquire("k")).isTrue();
    assertThat(limiter.tryAcquire("k")).isFalse();
    assertThat(limiter.retryAfter("k")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void succeededAttemptsDoNotUseUpTheAllowance() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("k")).isTrue();
      limiter.release("k");
    }
    assertThat(limiter.retryAfter("k")).isZero();
  }

  @Test
  void refusedAttemptsAreNotRecorded() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("k");
    }
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire("k");
    }
    clock.move(Duration.ofMinutes(15));
    assertThat(limiter.tryAcquire("k")).isTrue();
  }
}
