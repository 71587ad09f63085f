package io.mailferry.migration.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema of Mailferry's database ({@link MailferryDatabase}) up to date before any other
 * bean touches it. The versioned scripts under {@code db/migration} are the only thing that changes
 * the schema.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

  // Not named migrate: Payara looks the callback up by name and can take the static overload
  // ("wrong number of arguments"), which left the application undeployed in one test run.
  @PostConstruct
  void migrateAtStartup() {
    MailferryDatabase database = MailferryDatabase.get();
    LOG.info("Mailferry's database: " + database.description());
    DataSource dataSource = database.dataSource();
    writeCommitsAtOnce(dataSource);
    MigrateResult result = migrate(dataSource);
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /**
   * H2 writes a commit to its file up to half a second after acknowledging it: a kill -9 then loses
   * commits the copy already acted on (a folder's destination mark taken before its first APPEND, a
   * chunk's records). The copy relies on "committed, then appended", so H2 must write each commit
   * before it returns. PostgreSQL does so anyway.
   */
  private static void writeCommitsAtOnce(DataSource dataSource) {
    try (java.sql.Connection connection = dataSource.getConnection()) {
      if (connection.getMetaData().getDatabaseProductName().toUpperCase().contains("H2")) {
        try (java.sql.Statement statement = connection.createStatement()) {
          statement.execute("SET WRITE_DELAY 0");
        }
        LOG.info("H2 writes every commit to its file before acknowledging it (WRITE_DELAY 0)");
      }
    } catch (java.sql.SQLException e) {
      LOG.warning("Cannot make H2 write commits at once: " + e.getMessage());
    }
  }

  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure(SchemaMigrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
