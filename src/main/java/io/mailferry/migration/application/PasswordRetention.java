package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Source passwords are kept only while a resync may need them: once a mailbox has been
 * COMPLETED for longer than {@code mailferry.migration.password-retention-days}, its stored
 * password is wiped (a later resync then asks the user to sign up again).
 */
@Singleton
public class PasswordRetention {

  private static final Logger LOG = Logger.getLogger(PasswordRetention.class.getName());

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject MailferryConfig config;

  @Schedule(hour = "*", minute = "7", persistent = false)
  public void wipeExpired() {
    int wiped = wipeCompletedBefore(Instant.now().minus(config.passwordRetention()));
    if (wiped > 0) {
      LOG.info(() -> "Wiped the stored source passwords of " + wiped + " completed mailboxes");
    }
  }

  public int wipeCompletedBefore(Instant limit) {
    return em.createQuery(
            "UPDATE MailboxMigration m SET m.sourcePassword = NULL WHERE m.status = :s"
                + " AND m.sourcePassword IS NOT NULL AND m.finishedAt < :limit")
        .setParameter("s", MigrationStatus.COMPLETED)
        .setParameter("limit", limit)
        .executeUpdate();
  }
}
