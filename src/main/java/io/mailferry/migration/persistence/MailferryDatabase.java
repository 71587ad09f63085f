package io.mailferry.migration.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Mailferry's database: the pool the server configured as {@code jdbc/mailferry} (server-config/),
 * or, when the WAR is deployed alone on a bare Payara, Payara's embedded default database ({@code
 * java:comp/DefaultDataSource}, an H2 file under the instance's directory). Every bean that uses
 * the database gets it here, and the persistence unit through {@link ConfiguredDataSource}, so that
 * a bare deployment starts instead of failing its JNDI look-ups.
 */
public final class MailferryDatabase {

  public static final String CONFIGURED = "jdbc/mailferry";
  public static final String EMBEDDED = "java:comp/DefaultDataSource";

  private static final Logger LOG = Logger.getLogger(MailferryDatabase.class.getName());
  private static volatile MailferryDatabase resolved;

  private final DataSource dataSource;
  private final boolean embedded;
  private final String product;

  private MailferryDatabase(DataSource dataSource, boolean embedded, String product) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.product = product;
  }

  /** The database, looked up once per application. */
  public static MailferryDatabase get() {
    MailferryDatabase database = resolved;
    if (database == null) {
      synchronized (MailferryDatabase.class) {
        database = resolved;
        if (database == null) {
          database = resolve();
          resolved = database;
        }
      }
    }
    return database;
  }

  /** The configured pool, or null when the server has none. */
  static DataSource configured() {
    try {
      return (DataSource) new InitialContext().lookup(CONFIGURED);
    } catch (NamingException e) {
      return null;
    }
  }

  private static MailferryDatabase resolve() {
    DataSource configured = configured();
    if (configured != null) {
      return new MailferryDatabase(configured, false, product(configured));
    }
    try {
      DataSource embedded = (DataSource) new InitialContext().lookup(EMBEDDED);
      MailferryDatabase database = new MailferryDatabase(embedded, true, product(embedded));
      LOG.warning(
          "No jdbc/mailferry pool is configured: Mailferry runs on Payara's embedded default"
              + " database, an H2 file in "
              + database.embeddedLocation()
              + ". For production configure the pool (server-config/postgresql.asadmin).");
      return database;
    } catch (NamingException e) {
      throw new IllegalStateException(
          "neither jdbc/mailferry nor the server's default datasource can be found", e);
    }
  }

  private static String product(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** True when no pool is configured and Payara's embedded H2 database is used. */
  public boolean embedded() {
    return embedded;
  }

  public boolean postgres() {
    return product.toLowerCase(Locale.ROOT).contains("postgres");
  }

  public boolean h2() {
    return product.toUpperCase(Locale.ROOT).contains("H2");
  }

  /** For the log and the dashboard: what the database is and where. */
  public String description() {
    return embedded
        ? "embedded " + product + " in " + embeddedLocation() + " (no jdbc/mailferry pool)"
        : product + " (jdbc/mailferry)";
  }

  /** Where Payara keeps its embedded default database. */
  public String embeddedLocation() {
    String root = System.getProperty("com.sun.aas.instanceRoot");
    return root == null ? "the instance's directory" : Path.of(root, "lib", "databases").toString();
  }
}
