package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.persistence.SchemaMigrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The limiter on the real schema (Flyway's scripts) in an in-memory H2 database. */
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

  /** One schema for the class; each test counts under limit names of its own. */
  private static final JdbcDataSource DATABASE = database();

  private final MovableClock clock = new MovableClock();
  private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AttemptLimiter limiter = limiter("signup-client");

  private static JdbcDataSource database() {
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:limits-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SchemaMigrations.migrate(database);
    return database;
  }

  private AttemptLimiter limiter(String name) {
    return new AttemptLimiter(DATABASE, prefix + name, 3, Duration.ofMinutes(15), clock);
  }

  @Test
  void refusesTheAttemptAfterTheMaximumInTheWindow() {
    assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
    assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
    assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();

    assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void twoInstancesOnOneDatabaseShareTheCount() {
    AttemptLimiter otherInstance = limiter("signup-client");
    limiter.tryAcquire("10.0.0.1");
    otherInstance.tryAcquire("10.0.0.1");
    limiter.tryAcquire("10.0.0.1");

    assertThat(otherInstance.tryAcquire("10.0.0.1")).isEmpty();
    assertThat(limiter("admin-client").tryAcquire("10.0.0.1")).isPresent();
  }

  @Test
  void keysAreLimitedSeparately() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("alice@example.org");
    }

    assertThat(limiter.tryAcquire("bob@example.org")).isPresent();
    assertThat(limiter.retryAfter("bob@example.org")).isZero();
  }

  @Test
  void longKeysAreLimitedWithoutColliding() {
    String common = "x".repeat(400);
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire(common + "a");
    }

    assertThat(limiter.tryAcquire(common + "a")).isEmpty();
    assertThat(limiter.tryAcquire(common + "b")).isPresent();
  }

  @Test
  void attemptsLeaveTheWindowOneByOne() {
    limiter.tryAcquire("k");
    clock.move(Duration.ofMinutes(5));
    limiter.tryAcquire("k");
    limiter.tryAcquire("k");
    assertThat(limiter.tryAcquire("k")).isEmpty();

    clock.move(Duration.ofMinutes(10));
    assertThat(limiter.tryAcquire("k")).isPresent();
    assertThat(limiter.tryAcquire("k")).isEmpty();
    assertThat(limiter.retryAfter("k")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void succeededAttemptsDoNotUseUpTheAllowance() {
    for (int i = 0; i < 10; i++) {
      Optional<String> attempt = limiter.tryAcquire("k");
      assertThat(attempt).isPresent();
      limiter.release(attempt.get());
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
    assertThat(limiter.tryAcquire("k")).isPresent();
  }
}
