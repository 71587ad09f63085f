package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.ops.MailboxSlots;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The transactional half of the dispatcher. */
@Stateless
public class MigrationStarts {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject private MailboxSlots slots;

  @jakarta.annotation.Resource(lookup = "jdbc/mailferry")
  private javax.sql.DataSource dataSource;

  /**
   * Job executions this server was running when it died stay STARTED in the job repository, and
   * Jakarta Batch offers no way to end them (stop and abandon refuse a STARTED execution). In a
   * server that has just started none can be running, so they are marked FAILED, where the
   * repository shares Mailferry's database (server-config/).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int markInterruptedExecutions(String jobName) {
    try {
      String prefix = repositoryTablePrefix();
      return prefix == null ? 0 : markInterruptedExecutions(jobName, prefix);
    } catch (java.sql.SQLException | RuntimeException e) {
      java.util.logging.Logger.getLogger(MigrationStarts.class.getName())
          .info(
              "Job executions interrupted by the last server stop cannot be marked failed: "
                  + io.mailferry.imap.ImapFailure.rootMessage(e));
      return 0;
    }
  }

  /**
   * Payara names the job repository's tables with a prefix (JBATCH by default); null when the
   * repository is not in this database (or has not been created yet).
   */
  private String repositoryTablePrefix() throws java.sql.SQLException {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.ResultSet tables =
            connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        String name = tables.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT);
        if (name.endsWith("EXECUTIONINSTANCEDATA") && !name.contains("STEP")) {
          return name.substring(0, name.length() - "EXECUTIONINSTANCEDATA".length());
        }
      }
      return null;
    }
  }

  private int markInterruptedExecutions(String jobName, String prefix)
      throws java.sql.SQLException {
    String running = "('STARTING', 'STARTED', 'STOPPING')";
    String ofJob =
        " AND jobexecid IN (SELECT e.jobexecid FROM " + prefix + "executioninstancedata e JOIN "
            + prefix + "jobinstancedata i ON e.jobinstanceid = i.jobinstanceid WHERE i.name = ?)";
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    String reason = "Interrupted: the server stopped while this execution ran";
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.PreparedStatement steps =
            connection.prepareStatement(
                "UPDATE " + prefix + "stepexecutioninstancedata SET batchstatus = 'FAILED',"
                    + " exitstatus = ?, endTime = ? WHERE batchstatus IN " + running + ofJob);
        java.sql.PreparedStatement jobs =
            connection.prepareStatement(
                "UPDATE " + prefix + "executioninstancedata SET batchstatus = 'FAILED',"
                    + " exitstatus = ?, endtime = ?, updatetime = ? WHERE batchstatus IN "
                    + running + ofJob)) {
      steps.setString(1, reason);
      steps.setTimestamp(2, now);
      steps.setString(3, jobName);
      steps.executeUpdate();
      jobs.setString(1, reason);
      jobs.setTimestamp(2, now);
      jobs.setTimestamp(3, now);
      jobs.setString(4, jobName);
      return jobs.executeUpdate();
    }
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
   * Moves the mailboxes that may start now to WAITING before their job starts, so none is started
   * twice: queued ones, and paused ones that no live copy holds and whose job execution has
   * ended (they resume from their checkpoints). Queued batch mailboxes are left to {@link
   * BatchStarter}, which starts them in waves.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> claimStartable(int max, java.util.function.LongPredicate executionRunning) {
    List<MailboxMigration> candidates =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.status = :waiting"
                    + " OR (m.status = :queued AND NOT EXISTS"
                    + " (SELECT b FROM BatchMailbox b WHERE b.migration = m)) ORDER BY m.queuedAt",
                MailboxMigration.class)
            .setParameter("waiting", MigrationStatus.WAITING)
            .setParameter("queued", MigrationStatus.QUEUED)
            .setMaxResults(max + slots.capacity() + 1000)
            .getResultList();
    List<MailboxMigration> startable =
        candidates.stream()
            // compared here, not in JPQL: EclipseLink writes a boolean as 1, which H2 refuses
            .filter(m -> m.getStatus() == MigrationStatus.QUEUED || m.isPaused())
            .filter(m -> !slots.isClaimed(m.getId()))
            .filter(
                m ->
                    m.getStatus() == MigrationStatus.QUEUED
                        || m.getJobExecutionId() == null
                        || !executionRunning.test(m.getJobExecutionId()))
            .limit(max)
            .toList();
    startable.forEach(m -> m.waiting("Starting"));
    return startable.stream().map(MailboxMigration::getId).toList();
  }

  /** While the load gate is closed: queued mailboxes show why they wait. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void holdQueued(String reason) {
    em.createQuery(
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
