package io.mailferry.migration.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * At most {@code max} attempts per key in any sliding window of the given length, counted in the
 * database ({@code rate_limit_attempt}) so that every Mailferry instance on it shares the count. An
 * attempt is recorded when it starts and then counted, so parallel requests (on any instance)
 * cannot overrun the limit: at worst both of two racing ones are refused. It is forgotten again
 * when it succeeded ({@link #release}): only refused attempts use up the allowance. Rows that left
 * the window are deleted now and then.
 */
public final class AttemptLimiter {

  private static final int SWEEP_EVERY = 200;
  private static final int KEY_LIMIT = 300;

  private final DataSource database;
  private final String name;
  private final int max;
  private final Duration window;
  private final Clock clock;
  private final AtomicInteger sinceSweep = new AtomicInteger();

  /**
   * @param name which limit this is (a key space of its own), at most 40 characters
   */
  public AttemptLimiter(DataSource database, String name, int max, Duration window, Clock clock) {
    if (max < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a limit needs max >= 1 and a positive window");
    }
    this.database = database;
    this.name = name;
    this.max = max;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Records an attempt for {@code key}.
   *
   * @return the attempt (for {@link #release}), or empty, recording nothing, when {@code max}
   *     attempts are in the window already
   */
  public Optional<String> tryAcquire(String key) {
    String limitKey = limitKey(key);
    Instant now = clock.instant();
    String attempt = UUID.randomUUID().toString();
    try (Connection connection = database.getConnection()) {
      sweepNowAndThen(connection, now);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO rate_limit_attempt (attempt_id, limit_name, limit_key, attempted_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        insert.setString(1, attempt);
        insert.setString(2, name);
        insert.setString(3, limitKey);
        insert.setLong(4, now.toEpochMilli());
        insert.executeUpdate();
      }
      if (inWindow(connection, limitKey, now).size() > max) {
        delete(connection, attempt);
        return Optional.empty();
      }
      return Optional.of(attempt);
    } catch (SQLException e) {
      throw new IllegalStateException("the rate limit cannot be checked: " + e.getMessage(), e);
    }
  }

  /** Forgets an attempt (it succeeded). */
  public void release(String attempt) {
    try (Connection connection = database.getConnection()) {
      delete(connection, attempt);
    } catch (SQLException e) {
      throw new IllegalStateException("the rate limit cannot be updated: " + e.getMessage(), e);
    }
  }

  /** How long until {@code key} may try again; zero when it may now. */
  public Duration retryAfter(String key) {
    Instant now = clock.instant();
    try (Connection connection = database.getConnection()) {
      List<Long> times = inWindow(connection, limitKey(key), now);
      if (times.size() < max) {
        return Duration.ZERO;
      }
      // the attempt whose leaving the window brings the count below max
      Instant frees = Instant.ofEpochMilli(times.get(times.size() - max)).plus(window);
      return Duration.between(now, frees);
    } catch (SQLException e) {
      throw new IllegalStateException("the rate limit cannot be checked: " + e.getMessage(), e);
    }
  }

  private List<Long> inWindow(Connection connection, String limitKey, Instant now)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT attempted_at FROM rate_limit_attempt WHERE limit_name = ? AND limit_key = ?"
                + " AND attempted_at > ? ORDER BY attempted_at")) {
      select.setString(1, name);
      select.setString(2, limitKey);
      select.setLong(3, now.minus(window).toEpochMilli());
      List<Long> times = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          times.add(rows.getLong(1));
        }
      }
      return times;
    }
  }

  private static void delete(Connection connection, String attempt) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM rate_limit_attempt WHERE attempt_id = ?")) {
      delete.setString(1, attempt);
      delete.executeUpdate();
    }
  }

  private void sweepNowAndThen(Connection connection, Instant now) throws SQLException {
    if (sinceSweep.incrementAndGet() % SWEEP_EVERY != 1) {
      return;
    }
    try (PreparedStatement sweep =
        connection.prepareStatement(
            "DELETE FROM rate_limit_attempt WHERE limit_name = ? AND attempted_at <= ?")) {
      sweep.setString(1, name);
      sweep.setLong(2, now.minus(window).toEpochMilli());
      sweep.executeUpdate();
    }
  }

  private static String limitKey(String key) {
    if (key.length() <= KEY_LIMIT) {
      return key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
