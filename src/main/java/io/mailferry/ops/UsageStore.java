package io.mailferry.ops;

import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage samples in the {@code usage_sample} table (V6): 1-minute points for the last day, then
 * 15-minute points, nothing older than 7 days. Plain JDBC: a row is written once and never changes,
 * and the table is Mailferry's own.
 */
@Stateless
public class UsageStore {

  public static final Duration FINE_FOR = Duration.ofDays(1);
  public static final Duration KEPT_FOR = Duration.ofDays(7);
  public static final Duration COARSE = Duration.ofMinutes(15);

  private static final String COLUMNS =
      "sampled_at, resolution_seconds, cpus, load1, load5, load15, threshold,"
          + " messages_per_second, bytes_per_second, copying, waiting, queued, heap_used, heap_max,"
          + " instance_id";

  public void add(UsagePoint point) {
    try (Connection c = MailferryDatabase.get().dataSource().getConnection()) {
      insert(c, List.of(point));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store a usage sample: " + e.getMessage(), e);
    }
  }

  /** The points of [from, to), oldest first. */
  public List<UsagePoint> between(Instant from, Instant to) {
    try (Connection c = MailferryDatabase.get().dataSource().getConnection()) {
      return select(c, "sampled_at >= ? AND sampled_at < ?", from, to);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the usage samples: " + e.getMessage(), e);
    }
  }

  /**
   * Merges the fine points older than a day into 15-minute points and drops everything older than 7
   * days.
   *
   * @return how many rows were removed
   */
  public int compact(Instant now) {
    Instant fineSince = now.minus(FINE_FOR);
    try (Connection c = MailferryDatabase.get().dataSource().getConnection()) {
      List<UsagePoint> old =
          select(c, "sampled_at < ? AND resolution_seconds < ?", fineSince, COARSE.toSeconds());
      int removed = 0;
      if (!old.isEmpty()) {
        try (PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM usage_sample WHERE sampled_at < ? AND resolution_seconds < ?")) {
          delete.setTimestamp(1, Timestamp.from(fineSince));
          delete.setLong(2, COARSE.toSeconds());
          removed += delete.executeUpdate();
        }
        List<UsagePoint> merged = UsageSeries.merge(old, COARSE);
        insert(c, merged);
        removed -= merged.size();
      }
      try (PreparedStatement expire =
          c.prepareStatement("DELETE FROM usage_sample WHERE sampled_at < ?")) {
        expire.setTimestamp(1, Timestamp.from(now.minus(KEPT_FOR)));
        removed += expire.executeUpdate();
      }
      return removed;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot compact the usage samples: " + e.getMessage(), e);
    }
  }

  /** Messages and bytes copied by every mailbox so far, for the throughput between samples. */
  public long[] copiedSoFar() {
    try (Connection c = MailferryDatabase.get().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COALESCE(SUM(messages_done), 0), COALESCE(SUM(bytes_done), 0)"
                    + " FROM mailbox_migration");
        ResultSet r = s.executeQuery()) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the copy totals: " + e.getMessage(), e);
    }
  }

  /** Mailboxes in a status. */
  public int count(String status) {
    try (Connection c = MailferryDatabase.get().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM mailbox_migration WHERE status = ?")) {
      s.setString(1, status);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count mailboxes: " + e.getMessage(), e);
    }
  }

  private static List<UsagePoint> select(Connection c, String where, Object... values)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM usage_sample WHERE " + where + " ORDER BY sampled_at")) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof Instant instant) {
          s.setTimestamp(i + 1, Timestamp.from(instant));
        } else {
          s.setLong(i + 1, (Long) values[i]);
        }
      }
      List<UsagePoint> points = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          points.add(
              new UsagePoint(
                  r.getTimestamp(1).toInstant(),
                  r.getInt(2),
                  r.getInt(3),
                  nullable(r, 4),
                  nullable(r, 5),
                  nullable(r, 6),
                  r.getDouble(7),
                  r.getDouble(8),
                  r.getDouble(9),
                  r.getInt(10),
                  r.getInt(11),
                  r.getInt(12),
                  r.getLong(13),
                  r.getLong(14),
                  r.getString(15)));
        }
      }
      return points;
    }
  }

  private static Double nullable(ResultSet r, int column) throws SQLException {
    double value = r.getDouble(column);
    return r.wasNull() ? null : value;
  }

  private static void insert(Connection c, List<UsagePoint> points) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO usage_sample ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (UsagePoint p : points) {
        s.setTimestamp(1, Timestamp.from(p.time()));
        s.setInt(2, p.resolutionSeconds());
        s.setInt(3, p.cpus());
        setNullable(s, 4, p.load1());
        setNullable(s, 5, p.load5());
        setNullable(s, 6, p.load15());
        s.setDouble(7, p.threshold());
        s.setDouble(8, p.messagesPerSecond());
        s.setDouble(9, p.bytesPerSecond());
        s.setInt(10, p.copying());
        s.setInt(11, p.waiting());
        s.setInt(12, p.queued());
        s.setLong(13, p.heapUsed());
        s.setLong(14, p.heapMax());
        s.setString(15, p.instance());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void setNullable(PreparedStatement s, int column, Double value)
      throws SQLException {
    if (value == null || value.isNaN() || value.isInfinite()) {
      s.setNull(column, Types.DOUBLE);
    } else {
      s.setDouble(column, value);
    }
  }
}
