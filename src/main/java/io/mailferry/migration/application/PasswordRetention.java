package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Source passwords are kept only while a resync may need them: in every state but RUNNING (a
 * running copy holds the password it needs), a stored password is wiped once the latest of its
 * sign-up, the mailbox's queueing and its finish is older than {@code
 * mailferry.migration.password-retention-days}. The status then says that the password is needed
 * again: the user signs up again, or an admin queues the mailbox with it.
 */
@Singleton
public class PasswordRetention {

  static final String PASSWORD_NEEDED =
      "The stored source password was removed after the retention period: to copy again, the"
          + " user signs up again (or an admin queues the mailbox with the password)";
  private static final Logger LOG = Logger.getLogger(PasswordRetention.class.getName());

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject MailferryConfig config;

  @Schedule(hour = "*", minute = "7", persistent = false)
  public void wipeExpired() {
    int wiped = wipeBefore(Instant.now().minus(config.passwordRetention()));
    if (wiped > 0) {
      LOG.info(() -> "Wiped the stored source passwords of " + wiped + " mailboxes");
    }
  }

  /** Wipes the passwords whose retention ended before {@code limit}; returns how many. */
  public int wipeBefore(Instant limit) {
    List<MailboxMigration> expired =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.sourcePassword IS NOT NULL"
                    + " AND m.status <> :running"
                    + " AND (m.passwordStoredAt IS NULL OR m.passwordStoredAt < :limit)"
                    + " AND (m.queuedAt IS NULL OR m.queuedAt < :limit)"
                    + " AND (m.finishedAt IS NULL OR m.finishedAt < :limit)",
                MailboxMigration.class)
            .setParameter("running", MigrationStatus.RUNNING)
            .setParameter("limit", limit)
            .getResultList();
    for (MailboxMigration migration : expired) {
      migration.wipeSourcePassword();
      String message = migration.getStatusMessage();
      migration.setStatusMessage(
          message == null || message.isBlank()
              ? PASSWORD_NEEDED
              : message.replaceAll("[.\\s]+$", "") + ". " + PASSWORD_NEEDED);
    }
    return expired.size();
  }
}
