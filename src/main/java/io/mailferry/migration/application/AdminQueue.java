package io.mailferry.migration.application;

import io.mailferry.destination.provisioning.MailAccount;
import io.mailferry.destination.provisioning.Provisioner;
import io.mailferry.destination.provisioning.Provisioners;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An admin queues a mailbox: the login is checked on the source and, as at sign-up, the destination
 * account is created by the configured provisioner with the user's password before the mailbox is
 * recorded. With a master login on the source the password typed is not the user's, so no account
 * is created: it must exist on the destination already. With the {@code none} provisioner (accounts
 * exist) nothing is checked here either, as before: a destination that refuses the login stops the
 * mailbox when its copy starts, with the reason, and a restart resumes.
 */
@ApplicationScoped
public class AdminQueue {

  @Inject MigrationService migrations;
  @Inject Provisioners provisioners;

  public MigrationView queue(String email, String password, String sourceLogin) {
    try {
      return queueOnce(email, password, sourceLogin);
    } catch (jakarta.ejb.EJBException e) {
      if (!lostTheRaceForItsRow(e)) {
        throw e;
      }
      // another spelling of the address was queued at the same instant and holds the row now:
      // queued again, this request finds it and renews its login
      return queueOnce(email, password, sourceLogin);
    }
  }

  /** Whether the unique key on the address refused this insert (a concurrent one won). */
  static boolean lostTheRaceForItsRow(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLIntegrityConstraintViolationException
          || (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState()))) {
        return true;
      }
      if (t instanceof jakarta.ejb.EJBException ejb
          && ejb.getCausedByException() != null
          && ejb.getCausedByException() != t.getCause()
          && lostTheRaceForItsRow(ejb.getCausedByException())) {
        return true;
      }
    }
    return false;
  }

  private MigrationView queueOnce(String email, String password, String sourceLogin) {
    String address = email == null ? null : email.trim();
    boolean ownLogin =
        sourceLogin == null
            || sourceLogin.isBlank()
            || sourceLogin.trim().equalsIgnoreCase(address);
    Provisioner provisioner = provisioners.selected();
    if (!ownLogin || "none".equals(provisioner.name())) {
      return migrations.queue(email, password, sourceLogin);
    }
    return migrations.queue(
        email,
        password,
        null,
        (verified, secret) -> provisioner.provision(MailAccount.of(verified), secret));
  }
}
