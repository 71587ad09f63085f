package io.mailferry.restore.application;

import io.mailferry.destination.provisioning.MailAccount;
import io.mailferry.destination.provisioning.Provisioner;
import io.mailferry.destination.provisioning.Provisioners;
import io.mailferry.destination.provisioning.ProvisioningException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Carries an account from the old server to the new one with its password hash: read from the old
 * server's users table ({@code mailferry.restore.old-sql.*}), written through the selected
 * provisioner. The hash is passed on as read and never logged; no plaintext password is involved.
 */
@ApplicationScoped
public class AccountTransfer {

  private static final Logger LOG = Logger.getLogger(AccountTransfer.class.getName());
  private static final Pattern NAMED = Pattern.compile("(?<!:):(userid|domain|email)\\b");

  @Inject RestoreSettings settings;
  @Inject Provisioners provisioners;

  /** What happened to the account, in words for the admin. */
  public String carryOver(String email) {
    MailAccount account = MailAccount.of(email);
    Provisioner provisioner = provisioners.selected();
    if (provisioner.name().equals("none")) {
      return "Not created: the provisioner is none (the account must exist on the destination)";
    }
    String datasource = settings.oldUsersDatasource();
    if (datasource.isBlank()) {
      return "Not created: the old server's users table is not configured"
          + " (mailferry.restore.old-sql.datasource)";
    }
    String hash = oldHash(datasource, account);
    if (hash == null) {
      return "Not created: " + account + " is not in the old server's users table";
    }
    Provisioner.Result result = provisioner.provisionHashed(account, hash);
    LOG.info(() -> "Account " + account + " carried over with its password hash: " + result);
    return result == Provisioner.Result.CREATED
        ? "Created with the password hash of the old server (" + provisioner.name() + ")"
        : "Existed on the destination already; left as it was";
  }

  private String oldHash(String datasource, MailAccount account) {
    Matcher matcher = NAMED.matcher(settings.oldUsersSelect());
    List<String> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    while (matcher.find()) {
      values.add(
          switch (matcher.group(1)) {
            case "userid" -> account.localPart();
            case "domain" -> account.domain();
            default -> account.email();
          });
      matcher.appendReplacement(sql, "?");
    }
    matcher.appendTail(sql);
    try {
      DataSource source = InitialContext.doLookup(datasource);
      try (Connection connection = source.getConnection();
          PreparedStatement statement = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < values.size(); i++) {
          statement.setString(i + 1, values.get(i));
        }
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? rows.getString(1) : null;
        }
      }
    } catch (NamingException e) {
      throw new ProvisioningException("the datasource " + datasource + " does not exist", e);
    } catch (SQLException e) {
      throw new ProvisioningException(
          "cannot read the old server's users table through " + datasource + ": " + e.getMessage(),
          e);
    }
  }
}
