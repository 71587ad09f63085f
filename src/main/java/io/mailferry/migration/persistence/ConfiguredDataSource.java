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
    login.setConnector(new JNDIConnector(configured));
    if (session instanceof ServerSession server
        && server.getReadConnectionPool() != null
        && server.getReadConnectionPool().getLogin() instanceof DatabaseLogin read
        && read != login) {
      read.setConnector(new JNDIConnector(nonTransactional(configured)));
    }
  }

  /** Payara's non-transactional view of the pool, for reads outside a transaction. */
  private static DataSource nonTransactional(DataSource configured) {
    try {
      return (DataSource) new InitialContext().lookup(MailferryDatabase.CONFIGURED + "__nontx");
    } catch (NamingException | ClassCastException e) {
      return configured;
    }
  }
}
