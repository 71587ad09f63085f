package io.mailferry.migration.application;

import io.mailferry.cluster.ClusterStore;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.migration.persistence.MailferryDatabase;
import io.mailferry.ops.MailboxSlots;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The transactional half of the dispatcher. */
@Stateless
public class MigrationStarts {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject private MailboxSlots slots;

  private javax.sql.DataSource dataSource() {
    return MailferryDatabase.get().dataSource();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int recoverInterrupted() {
    List<MailboxMigration> interrupted =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.status IN :s", MailboxMigration.class)
            .setParameter("s", List.of(MigrationStatus.RUNNING, MigrationStatus.WAITING))
            .getResultList();
    for (MailboxMigration migration : interrupted) {
      migration.requeue("Resumed after the server restarted");
    }
    return interrupted.size();
  }

  /**
   * Moves the mailboxes that may start now to WAITING before their job starts, under this
   * instance's lease, so that no instance starts one twice: queued ones, and paused ones that no
   * live copy holds and whose job execution has ended (they resume from their checkpoints). Their
   * rows are locked as they are picked ({@code FOR UPDATE SKIP LOCKED}: a row another instance is
   * claiming is left to it), and none that another instance holds a live lease on is picked. Per
   * source server no more are picked than its ceiling has slots free over the cluster. Queued batch
   * mailboxes are left to {@link BatchStarter}, which starts them in waves.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> claimStartable(
      int max,
      java.util.function.LongPredicate executionRunning,
      String instance,
      long leaseMillis) {
    Connection c = em.unwrap(Connection.class);
    try {
      long now = ClusterStore.now(c);
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement pick =
          c.prepareStatement(
              "SELECT m.id FROM mailbox_migration m WHERE (m.status = 'WAITING'"
                  + " OR (m.status = 'QUEUED' AND NOT EXISTS"
                  + " (SELECT 1 FROM batch_mailbox b WHERE b.migration_id = m.id)))"
                  + " AND NOT EXISTS (SELECT 1 FROM mailbox_lease l WHERE l.migration_id = m.id"
                  + " AND l.instance_id <> ? AND l.lease_until >= ?)"
                  + " ORDER BY m.queued_at, m.id LIMIT ? FOR UPDATE SKIP LOCKED")) {
        pick.setString(1, instance);
        pick.setLong(2, now);
        pick.setInt(3, max + slots.capacity() + 1000);
        try (ResultSet r = pick.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
          }
        }
      }
      Map<String, Integer> free = new HashMap<>();
      List<MailboxMigration> startable = new ArrayList<>();
      for (long id : ids) {
        if (startable.size() >= max) {
          break;
        }
        MailboxMigration m = em.find(MailboxMigration.class, id);
        boolean candidate =
            m != null
                // compared here, not in SQL: EclipseLink writes a boolean as 1, which H2 refuses
                && (m.getStatus() == MigrationStatus.QUEUED || m.isPaused())
                && !slots.isClaimed(m.getId())
                && (m.getStatus() == MigrationStatus.QUEUED
                    || m.getJobExecutionId() == null
                    || !executionRunning.test(m.getJobExecutionId()));
        if (!candidate) {
          continue;
        }
        io.mailferry.mailserver.ServerEndpoint source = m.getDomain().sourceEndpoint();
        String server = io.mailferry.cluster.SourceSlots.sourceServer(source.host(), source.port());
        int left = free.computeIfAbsent(server, k -> slots.capacity() - slotsHeld(c, k, now));
        if (left <= 0) {
          continue;
        }
        if (!ClusterStore.upsertLease(c, id, instance, now, now + leaseMillis)) {
          continue;
        }
        free.put(server, left - 1);
        startable.add(m);
      }
      startable.forEach(m -> m.waiting("Starting"));
      return startable.stream().map(MailboxMigration::getId).toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot claim queued mailboxes: " + e.getMessage(), e);
    }
  }

  private static int slotsHeld(Connection c, String server, long now) {
    try (PreparedStatement count =
        c.prepareStatement(
            "SELECT COUNT(*) FROM mailbox_lease WHERE source_server = ? AND lease_until >= ?")) {
      count.setString(1, server);
      count.setLong(2, now);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Mailboxes whose lease ran out, put back in the queue, and their job executions. */
  public record Recovered(List<String> mailboxes, Set<Long> executions) {}

  /**
   * Puts back in the queue the mailboxes whose instance stopped renewing its lease (it died, or
   * lost the database), and those left RUNNING with no lease at all (copied before an upgrade to
   * leases); their rows are locked as they are picked, so one instance recovers each. They resume
   * from their checkpoints on any instance.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Recovered recoverExpired() {
    Connection c = em.unwrap(Connection.class);
    try {
      long now = ClusterStore.now(c);
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement pick =
          c.prepareStatement(
              "SELECT id FROM mailbox_migration WHERE status IN ('QUEUED', 'WAITING', 'RUNNING')"
                  + " AND (id IN (SELECT migration_id FROM mailbox_lease WHERE lease_until < ?)"
                  + " OR (status = 'RUNNING' AND id NOT IN (SELECT migration_id FROM mailbox_lease)))"
                  + " FOR UPDATE SKIP LOCKED")) {
        pick.setLong(1, now);
        try (ResultSet r = pick.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
          }
        }
      }
      List<String> mailboxes = new ArrayList<>();
      Set<Long> executions = new LinkedHashSet<>();
      for (long id : ids) {
        String holder = null;
        try (PreparedStatement lease =
            c.prepareStatement("SELECT instance_id FROM mailbox_lease WHERE migration_id = ?")) {
          lease.setLong(1, id);
          try (ResultSet r = lease.executeQuery()) {
            holder = r.next() ? r.getString(1) : null;
          }
        }
        try (PreparedStatement drop =
            c.prepareStatement(
                "DELETE FROM mailbox_lease WHERE migration_id = ? AND lease_until < ?")) {
          drop.setLong(1, id);
          drop.setLong(2, now);
          drop.executeUpdate();
        }
        MailboxMigration m = em.find(MailboxMigration.class, id);
        if (m.getStatus() != MigrationStatus.QUEUED) {
          m.requeue(
              holder == null
                  ? "Resumed: no instance was copying it"
                  : "Resumed: instance " + holder + " stopped renewing its lease");
        }
        if (m.getJobExecutionId() != null) {
          executions.add(m.getJobExecutionId());
        }
        mailboxes.add(m.getEmail() + (holder == null ? "" : " (from " + holder + ")"));
      }
      return new Recovered(mailboxes, executions);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot recover mailboxes: " + e.getMessage(), e);
    }
  }

  /** H2 runs one instance: at its start no lease of an earlier run holds. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int dropLeases() {
    return em.createNativeQuery("DELETE FROM mailbox_lease").executeUpdate();
  }

  /** While the load gate is closed: queued mailboxes show why they wait. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void holdQueued(String reason) {
    em
        .createQuery(
            "SELECT m FROM MailboxMigration m WHERE (m.status = :queued AND NOT EXISTS"
                + " (SELECT b FROM BatchMailbox b WHERE b.migration = m))"
                + " OR m.status = :waiting",
            MailboxMigration.class)
        .setParameter("queued", MigrationStatus.QUEUED)
        .setParameter("waiting", MigrationStatus.WAITING)
        .getResultList()
        .stream()
        // paused ones keep the reason up to date (the load changes while they wait)
        .filter(m -> m.getStatus() == MigrationStatus.QUEUED || m.isPaused())
        .filter(m -> !reason.equals(m.getStatusMessage()))
        .forEach(m -> m.pause(reason));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void noteExecution(List<Long> ids, long execution) {
    em.createQuery("UPDATE MailboxMigration m SET m.jobExecutionId = :x WHERE m.id IN :ids")
        .setParameter("x", execution)
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
