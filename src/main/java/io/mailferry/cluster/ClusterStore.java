package io.mailferry.cluster;

import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster's rows ({@code cluster_instance}, {@code mailbox_lease}, V10), each call in a
 * transaction of its own. Lease times come from the database's clock, so that instances whose
 * clocks differ agree on when a lease has run out. A lease is only ever taken with the mailbox's
 * row locked ({@code FOR UPDATE}), and only when it is free, this instance's, or expired. The slots
 * of each source server's ceiling are {@link SourceSlots}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ClusterStore {

  /** An instance as its row says. */
  public record InstanceRow(
      String id,
      String host,
      Instant started,
      Instant heartbeat,
      int copying,
      int capacity,
      Gate gate) {}

  /**
   * An instance's load gate as its last heartbeat said (V12): its state, the mailboxes it lets
   * copy, and its counts since the instance started.
   */
  public record Gate(
      String state, int allowed, long throttles, long closures, long mailboxPauses) {}

  static Connection connection() throws SQLException {
    return MailferryDatabase.get().dataSource().getConnection();
  }

  /** The database's time in epoch milliseconds. */
  public static long now(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
        ResultSet r = s.executeQuery()) {
      r.next();
      return millis(r.getObject(1));
    }
  }

  /** Epoch milliseconds of a timestamp as a driver returns it (H2 2: OffsetDateTime). */
  public static long millis(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.getTime();
    }
    if (value instanceof OffsetDateTime t) {
      return t.toInstant().toEpochMilli();
    }
    if (value instanceof Instant t) {
      return t.toEpochMilli();
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toInstant().toEpochMilli();
    }
    throw new IllegalArgumentException("not a timestamp: " + value);
  }

  /**
   * Writes this instance's heartbeat and renews the leases it holds. A lease that has run out is
   * not renewed: another instance may have taken the mailbox.
   *
   * @return the mailboxes whose lease was renewed
   */
  public Set<Long> heartbeat(
      String instance,
      String host,
      Instant started,
      int copying,
      int capacity,
      Gate gate,
      long leaseMillis) {
    try (Connection c = connection()) {
      long now = now(c);
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE cluster_instance SET heartbeat_at = ?, copying = ?, capacity = ?,"
                  + " gate_state = ?, gate_allowed = ?, gate_throttles = ?, gate_closures = ?,"
                  + " mailbox_pauses = ? WHERE id = ?")) {
        update.setLong(1, now);
        update.setInt(2, copying);
        update.setInt(3, capacity);
        setGate(update, 4, gate);
        update.setString(9, instance);
        if (update.executeUpdate() == 0) {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO cluster_instance (id, host, started_at, heartbeat_at, copying,"
                      + " capacity, gate_state, gate_allowed, gate_throttles, gate_closures,"
                      + " mailbox_pauses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, instance);
            insert.setString(2, host.length() > 255 ? host.substring(0, 255) : host);
            insert.setLong(3, started.toEpochMilli());
            insert.setLong(4, now);
            insert.setInt(5, copying);
            insert.setInt(6, capacity);
            setGate(insert, 7, gate);
            insert.executeUpdate();
          }
        }
      }
      long until = now + leaseMillis;
      try (PreparedStatement renew =
          c.prepareStatement(
              "UPDATE mailbox_lease SET lease_until = ? WHERE instance_id = ?"
                  + " AND lease_until >= ?")) {
        renew.setLong(1, until);
        renew.setString(2, instance);
        renew.setLong(3, now);
        renew.executeUpdate();
      }
      Set<Long> renewed = new HashSet<>();
      try (PreparedStatement held =
          c.prepareStatement(
              "SELECT migration_id FROM mailbox_lease WHERE instance_id = ? AND lease_until = ?")) {
        held.setString(1, instance);
        held.setLong(2, until);
        try (ResultSet r = held.executeQuery()) {
          while (r.next()) {
            renewed.add(r.getLong(1));
          }
        }
      }
      return renewed;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the heartbeat: " + e.getMessage(), e);
    }
  }

  /**
   * Takes the lease on a mailbox for this instance, with its row locked: when no instance holds it,
   * this one does already, or the holder's lease has run out.
   *
   * @return false when another instance holds a lease that has not run out
   */
  public boolean acquire(long migrationId, String instance, long leaseMillis) {
    try (Connection c = connection()) {
      long now = now(c);
      try (PreparedStatement lock =
          c.prepareStatement("SELECT id FROM mailbox_migration WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, migrationId);
        try (ResultSet r = lock.executeQuery()) {
          if (!r.next()) {
            return false;
          }
        }
      }
      return upsertLease(c, migrationId, instance, now, now + leaseMillis);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take the lease of a mailbox: " + e.getMessage(), e);
    }
  }

  /**
   * Takes or renews the lease of a mailbox whose row the caller has locked.
   *
   * @return false when another instance's lease has not run out
   */
  public static boolean upsertLease(
      Connection c, long migrationId, String instance, long now, long until) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE mailbox_lease SET instance_id = ?, lease_until = ?,"
                + " source_server = CASE WHEN instance_id = ? THEN source_server END"
                + " WHERE migration_id = ? AND (instance_id = ? OR lease_until < ?)")) {
      update.setString(1, instance);
      update.setLong(2, until);
      update.setString(3, instance);
      update.setLong(4, migrationId);
      update.setString(5, instance);
      update.setLong(6, now);
      if (update.executeUpdate() == 1) {
        return true;
      }
    }
    try (PreparedStatement exists =
        c.prepareStatement("SELECT 1 FROM mailbox_lease WHERE migration_id = ?")) {
      exists.setLong(1, migrationId);
      try (ResultSet r = exists.executeQuery()) {
        if (r.next()) {
          return false;
        }
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO mailbox_lease (migration_id, instance_id, lease_until) VALUES (?, ?, ?)")) {
      insert.setLong(1, migrationId);
      insert.setString(2, instance);
      insert.setLong(3, until);
      insert.executeUpdate();
      return true;
    }
  }

  /**
   * The copy of the mailbox has ended on this instance: its lease goes (nothing when another
   * instance has taken the mailbox over meanwhile).
   */
  public void release(long migrationId, String instance) {
    try (Connection c = connection();
        PreparedStatement release =
            c.prepareStatement(
                "DELETE FROM mailbox_lease WHERE migration_id = ? AND instance_id = ?")) {
      release.setLong(1, migrationId);
      release.setString(2, instance);
      release.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot give a lease back: " + e.getMessage(), e);
    }
  }

  private static void setGate(PreparedStatement s, int first, Gate gate) throws SQLException {
    s.setString(first, gate.state());
    s.setInt(first + 1, gate.allowed());
    s.setLong(first + 2, gate.throttles());
    s.setLong(first + 3, gate.closures());
    s.setLong(first + 4, gate.mailboxPauses());
  }

  /** Every instance that wrote a heartbeat in the last day, newest start first. */
  public List<InstanceRow> instances() {
    try (Connection c = connection()) {
      long now = now(c);
      List<InstanceRow> rows = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT id, host, started_at, heartbeat_at, copying, capacity, gate_state,"
                  + " gate_allowed, gate_throttles, gate_closures, mailbox_pauses"
                  + " FROM cluster_instance WHERE heartbeat_at >= ? ORDER BY started_at DESC, id")) {
        s.setLong(1, now - 24L * 3600 * 1000);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(
                new InstanceRow(
                    r.getString(1),
                    r.getString(2),
                    Instant.ofEpochMilli(r.getLong(3)),
                    Instant.ofEpochMilli(r.getLong(4)),
                    r.getInt(5),
                    r.getInt(6),
                    new Gate(
                        r.getString(7), r.getInt(8), r.getLong(9), r.getLong(10), r.getLong(11))));
          }
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the instances: " + e.getMessage(), e);
    }
  }

  /** The database's clock now. */
  public Instant databaseNow() {
    try (Connection c = connection()) {
      return Instant.ofEpochMilli(now(c));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's clock: " + e.getMessage(), e);
    }
  }

  /** The addresses of the mailboxes each instance copies now (under a live lease, RUNNING). */
  public Map<String, List<String>> copyingByInstance() {
    try (Connection c = connection()) {
      long now = now(c);
      Map<String, List<String>> copying = new LinkedHashMap<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT l.instance_id, m.email FROM mailbox_lease l JOIN mailbox_migration m"
                  + " ON m.id = l.migration_id WHERE l.lease_until >= ? AND m.status = 'RUNNING'"
                  + " ORDER BY l.instance_id, m.email")) {
        s.setLong(1, now);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            copying.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
          }
        }
      }
      return copying;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the leases: " + e.getMessage(), e);
    }
  }

  /** This instance stops: its row goes; its leases run out by themselves. */
  public void leave(String instance) {
    try (Connection c = connection();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM cluster_instance WHERE id = ?")) {
      delete.setString(1, instance);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove the instance: " + e.getMessage(), e);
    }
  }
}
