package io.mailferry.cluster;

import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The slots of each source server's ceiling, counted over every instance: a mailbox holds one while
 * its lease row names the source server ({@code mailbox_lease.source_server}, V10). Each call in a
 * transaction of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SourceSlots {

  /**
   * Takes one slot of the ceiling of the mailbox's source server for a mailbox this instance holds
   * the lease of. The source server's slots are counted and taken under a lock of that server (a
   * PostgreSQL advisory lock; H2 runs one instance, whose JVM lock suffices), counting only slots
   * under a lease that has not run out: a dead instance's slots free themselves.
   *
   * @return false when the source server's slots are all held, or the lease is not this instance's
   *     any more
   */
  public boolean takeSourceSlot(long migrationId, String instance, int ceiling) {
    try (Connection c = ClusterStore.connection()) {
      String server = sourceServer(c, migrationId);
      if (server == null) {
        return false;
      }
      if (MailferryDatabase.get().postgres()) {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, 0x6d61696c00000000L | (server.hashCode() & 0xffffffffL));
          lock.executeQuery().close();
        }
        return takeSlot(c, migrationId, instance, server, ceiling);
      }
      synchronized (SourceSlots.class) {
        return takeSlot(c, migrationId, instance, server, ceiling);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot take a slot of the source server: " + e.getMessage(), e);
    }
  }

  private static boolean takeSlot(
      Connection c, long migrationId, String instance, String server, int ceiling)
      throws SQLException {
    long now = ClusterStore.now(c);
    try (PreparedStatement count =
        c.prepareStatement(
            "SELECT COUNT(*) FROM mailbox_lease WHERE source_server = ? AND lease_until >= ?"
                + " AND migration_id <> ?")) {
      count.setString(1, server);
      count.setLong(2, now);
      count.setLong(3, migrationId);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        if (r.getInt(1) >= ceiling) {
          return false;
        }
      }
    }
    try (PreparedStatement take =
        c.prepareStatement(
            "UPDATE mailbox_lease SET source_server = ? WHERE migration_id = ? AND instance_id = ?"
                + " AND lease_until >= ?")) {
      take.setString(1, server);
      take.setLong(2, migrationId);
      take.setString(3, instance);
      take.setLong(4, now);
      return take.executeUpdate() == 1;
    }
  }

  /** Gives the slot back; nothing when another instance has taken the mailbox over meanwhile. */
  public void releaseSourceSlot(long migrationId, String instance) {
    try (Connection c = ClusterStore.connection();
        PreparedStatement release =
            c.prepareStatement(
                "UPDATE mailbox_lease SET source_server = NULL WHERE migration_id = ?"
                    + " AND instance_id = ?")) {
      release.setLong(1, migrationId);
      release.setString(2, instance);
      release.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot give a slot back: " + e.getMessage(), e);
    }
  }

  /** {@code host:port} of the mailbox's source server, lower case. */
  private static String sourceServer(Connection c, long migrationId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT d.source_host, d.source_port FROM mailbox_migration m JOIN mail_domain d"
                + " ON d.id = m.domain_id WHERE m.id = ?")) {
      s.setLong(1, migrationId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? sourceServer(r.getString(1), r.getInt(2)) : null;
      }
    }
  }

  public static String sourceServer(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** Slots held now per source server, over every instance. */
  public Map<String, Integer> sourceSlotsHeld() {
    try (Connection c = ClusterStore.connection()) {
      long now = ClusterStore.now(c);
      Map<String, Integer> held = new LinkedHashMap<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT source_server, COUNT(*) FROM mailbox_lease WHERE source_server IS NOT NULL"
                  + " AND lease_until >= ? GROUP BY source_server ORDER BY source_server")) {
        s.setLong(1, now);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            held.put(r.getString(1), r.getInt(2));
          }
        }
      }
      return held;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the source slots: " + e.getMessage(), e);
    }
  }
}
