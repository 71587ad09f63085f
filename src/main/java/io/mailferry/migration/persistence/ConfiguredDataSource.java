package io.mailferry.migration.persistence;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * Points the persistence unit at {@code jdbc/mailferry} when the server has that pool. The unit
 * names the server's default datasource (persistence.xml), which every Payara has: a WAR deployed
 * alone on a bare Payara then starts on the embedded default instead of failing its look-up, as
 * {@link MailferryDatabase} does for the beans that use JDBC.
 */
public class ConfiguredDataSource implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    DataSource configured = MailferryDatabase.configured();
    if (configured == null) {
      return;
    }
    DatabaseLogin login = (DatabaseLogin) session.getDatasourceLogin();
    login.setConnector(new JNDIConnector(view("__pm", configured)));
    if (session instanceof ServerSession server
        && server.getReadConnectionPool() != null
        && server.getReadConnectionPool().getLogin() instanceof DatabaseLogin read
        && read != login) {
      read.setConnector(new JNDIConnector(view("__nontx", configured)));
    }
  }

  /**
   * The view of the pool Payara itself hands a persistence unit: {@code __pm} for the JTA
   * connections (enlisted the way EclipseLink expects), {@code __nontx} for reads outside a
   * transaction.
   */
  private static DataSource view(String suffix, DataSource configured) {
    try {
      return (DataSource) new InitialContext().lookup(MailferryDatabase.CONFIGURED + suffix);
    } catch (NamingException | ClassCastException e) {
      java.util.logging.Logger.getLogger(ConfiguredDataSource.class.getName())
          .warning("No " + MailferryDatabase.CONFIGURED + suffix + ": " + e);
      return configured;
    }
  }
}
