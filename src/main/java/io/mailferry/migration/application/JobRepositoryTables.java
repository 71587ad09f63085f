package io.mailferry.migration.application;

import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Collection;

/**
 * The one place that writes to Payara's job repository tables directly (in Mailferry's database):
 * ending the executions that a stopped or killed server left marked as running.
 */
@Stateless
public class JobRepositoryTables {

  private javax.sql.DataSource dataSource() {
    return MailferryDatabase.get().dataSource();
  }

  /**
   * Job executions this server was running when it died stay STARTED in the job repository, and
   * Jakarta Batch offers no way to end them (stop and abandon refuse a STARTED execution). In a
   * server that has just started none can be running, so they are marked FAILED, where the
   * repository shares Mailferry's database (server-config/).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int markInterruptedExecutions(String jobName) {
    return markInterruptedExecutions(jobName, (Collection<Long>) null);
  }

  /**
   * As {@link #markInterruptedExecutions(String)}, for these job executions only (those of an
   * instance whose lease ran out); null: every execution still marked running.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int markInterruptedExecutions(String jobName, Collection<Long> executions) {
    if (executions != null && executions.isEmpty()) {
      return 0;
    }
    try {
      String prefix = repositoryTablePrefix();
      return prefix == null ? 0 : markInterruptedExecutions(jobName, prefix, executions);
    } catch (java.sql.SQLException | RuntimeException e) {
      java.util.logging.Logger.getLogger(JobRepositoryTables.class.getName())
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
    try (java.sql.Connection connection = dataSource().getConnection();
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

  private int markInterruptedExecutions(String jobName, String prefix, Collection<Long> executions)
      throws java.sql.SQLException {
    String running = "('STARTING', 'STARTED', 'STOPPING')";
    String only =
        executions == null
            ? ""
            : " AND jobexecid IN ("
                + String.join(",", executions.stream().map(String::valueOf).toList())
                + ")";
    String ofJob =
        only
            + " AND jobexecid IN (SELECT e.jobexecid FROM "
            + prefix
            + "executioninstancedata e"
            + " JOIN "
            + prefix
            + "jobinstancedata i ON e.jobinstanceid = i.jobinstanceid"
            + " WHERE i.name = ?)";
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    String reason = "Interrupted: the server stopped while this execution ran";
    try (java.sql.Connection connection = dataSource().getConnection();
        java.sql.PreparedStatement steps =
            connection.prepareStatement(
                "UPDATE "
                    + prefix
                    + "stepexecutioninstancedata SET batchstatus = 'FAILED',"
                    + " exitstatus = ?, endTime = ? WHERE batchstatus IN "
                    + running
                    + ofJob);
        java.sql.PreparedStatement jobs =
            connection.prepareStatement(
                "UPDATE "
                    + prefix
                    + "executioninstancedata SET batchstatus = 'FAILED',"
                    + " exitstatus = ?, endtime = ?, updatetime = ? WHERE batchstatus IN "
                    + running
                    + ofJob)) {
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
}
