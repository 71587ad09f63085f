package io.mailferry.destination.provisioning;

import io.mailferry.config.MailferryConfig;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * {@code sql}: inserts the account into the mail server's users table (the one Dovecot's SQL passdb
 * and Postfix read) through the datasource {@code mailferry.provisioner.sql.datasource} (default
 * {@code jdbc/mailserver}), with the statement {@code mailferry.provisioner.sql.insert} (see {@link
 * SqlInsert}) and the scheme {@code mailferry.provisioner.sql.scheme}.
 *
 * <p>The table must have a unique key on the account (init.sql: {@code PRIMARY KEY (userid,
 * domain)}): an integrity violation (SQLSTATE class 23) means the account exists, which is how a
 * second sign-up stays harmless. The insert runs in a transaction of its own (REQUIRES_NEW): the
 * users table usually lives in another database than Mailferry's, and two non-XA resources cannot
 * share one transaction.
 */
@Stateless
@LocalBean
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SqlProvisioner implements Provisioner {

  private static final Logger LOG = Logger.getLogger(SqlProvisioner.class.getName());

  @Inject MailferryConfig config;

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public Result provision(MailAccount account, String password) {
    String scheme = config.provisionerSetting("sql.scheme", "SHA512-CRYPT");
    return insert(account, PasswordHashes.hash(scheme, password));
  }

  @Override
  public Result provisionHashed(MailAccount account, String schemeAndHash) {
    return insert(account, schemeAndHash);
  }

  private Result insert(MailAccount account, String hash) {
    String source = config.provisionerSetting("sql.datasource", "jdbc/mailserver");
    SqlInsert insert =
        SqlInsert.parse(
            config.provisionerSetting(
                "sql.insert", "INSERT INTO users (userid, domain, password) VALUES (?, ?, ?)"));
    DataSource dataSource;
    try {
      dataSource = InitialContext.doLookup(source);
    } catch (NamingException e) {
      throw new ProvisioningException(
          "the datasource " + source + " of the sql provisioner does not exist", e);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(insert.sql())) {
      List<String> values = insert.values(account, hash);
      for (int i = 0; i < values.size(); i++) {
        statement.setString(i + 1, values.get(i));
      }
      statement.executeUpdate();
      LOG.info(() -> "Created the account " + account + " in " + source);
      return Result.CREATED;
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        return Result.EXISTED;
      }
      throw new ProvisioningException(
          "cannot insert " + account + " through " + source + ": " + e.getMessage(), e);
    }
  }

  /** SQLSTATE class 23: integrity constraint violation (23505 unique, in PostgreSQL and H2). */
  static boolean isDuplicate(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}
