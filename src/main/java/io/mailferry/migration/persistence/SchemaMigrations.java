package io.mailferry.migration.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema of {@code jdbc/mailferry} up to date before any other bean touches it. The
 * versioned scripts under {@code db/migration} are the only thing that changes the schema.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

  @Resource(lookup = "jdbc/mailferry")
  private DataSource dataSource;

  // Not named migrate: Payara looks the callback up by name and can take the static overload
  // ("wrong number of arguments"), which left the application undeployed in one test run.
  @PostConstruct
  void migrateAtStartup() {
    MigrateResult result = migrate(dataSource);
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure(SchemaMigrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
