package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an admin does to mailboxes besides queueing them: pause, resume, cancel, delete, resync many
 * at once, and marking those of a stopped job execution.
 *
 * <p>A copy in progress holds its migration entity across a chunk, so a status set here is written
 * with a bulk update that leaves the entity's version alone: the chunk still commits its progress
 * (only the columns it changed), and the batch reader sees the new status before the next chunk
 * ({@link #ensureStillWanted}) and stops there. The folder checkpoints stay, so the mailbox resumes
 * where it stopped.
 */
@Stateless
public class MailboxActions {

  private static final Set<MigrationStatus> ACTIVE =
      EnumSet.of(MigrationStatus.QUEUED, MigrationStatus.WAITING, MigrationStatus.RUNNING);

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject MigrationService migrations;

  /** Stops a queued or copying mailbox until it is resumed. */
  public MigrationView pause(String email) {
    return hold(email, MigrationStatus.PAUSED, "Paused by an admin: resume to continue");
  }

  /** Stops a queued or copying mailbox; a resync continues it from its checkpoints. */
  public MigrationView cancel(String email) {
    return hold(email, MigrationStatus.CANCELLED, "Cancelled by an admin: resync to continue");
  }

  private MigrationView hold(String email, MigrationStatus to, String message) {
    MailboxMigration migration = require(email);
    Instant now = Instant.now();
    int changed =
        em.createQuery(
                "UPDATE MailboxMigration m SET m.status = :to, m.statusMessage = :message,"
                    + " m.updatedAt = :now, m.finishedAt = :now WHERE m.id = :id AND m.status IN"
                    + " :from")
            .setParameter("to", to)
            .setParameter("message", message)
            .setParameter("now", now)
            .setParameter("id", migration.getId())
            .setParameter("from", ACTIVE)
            .executeUpdate();
    em.clear();
    if (changed == 0) {
      throw new IllegalStateException(
          "the migration of "
              + migration.getEmail()
              + " is "
              + migration.getStatus()
              + "; only a QUEUED, WAITING or RUNNING one can be "
              + (to == MigrationStatus.PAUSED ? "paused" : "cancelled"));
    }
    return migrations.status(migration.getEmail());
  }

  /** Puts a paused mailbox back in the queue; it continues from its checkpoints. */
  public MigrationView resume(String email) {
    MailboxMigration migration = require(email);
    if (migration.getStatus() != MigrationStatus.PAUSED) {
      throw new IllegalStateException(
          "the migration of "
              + migration.getEmail()
              + " is "
              + migration.getStatus()
              + "; only a PAUSED one can be resumed");
    }
    return migrations.resync(migration.getEmail());
  }

  /**
   * Deletes a migration that is not running, with its checkpoints, migrated-message records and
   * message errors (the foreign keys cascade). The mail already copied stays on the destination.
   */
  public void delete(String email) {
    MailboxMigration migration = require(email);
    int deleted =
        em.createQuery(
                "DELETE FROM MailboxMigration m WHERE m.id = :id AND m.status NOT IN :active")
            .setParameter("id", migration.getId())
            .setParameter("active", ACTIVE)
            .executeUpdate();
    if (deleted == 0) {
      throw new IllegalStateException(
          "the migration of "
              + migration.getEmail()
              + " is "
              + migration.getStatus()
              + "; pause or cancel it before deleting it");
    }
  }

  /** The outcome of one mailbox of a resync of many. */
  public record Outcome(String email, boolean queued, String message) {}

  /** Resyncs each mailbox in its own transaction: one that cannot be resynced stops no other. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<Outcome> resyncAll(List<String> emails) {
    List<Outcome> outcomes = new ArrayList<>();
    for (String email : emails) {
      try {
        MigrationView view = migrations.resync(email);
        outcomes.add(new Outcome(view.email(), true, "queued again"));
      } catch (RuntimeException e) {
        Throwable cause = ServiceFailures.cause(e);
        outcomes.add(new Outcome(email, false, String.valueOf(cause.getMessage())));
      }
    }
    return outcomes;
  }

  /**
   * The mailboxes of a job execution an admin stopped: each still active one stops at its next
   * chunk boundary and says how to continue.
   */
  public int stoppedWithExecution(long executionId, List<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    Instant now = Instant.now();
    return em.createQuery(
            "UPDATE MailboxMigration m SET m.status = :error, m.statusMessage = :message,"
                + " m.updatedAt = :now, m.finishedAt = :now WHERE m.id IN :ids AND m.status IN"
                + " :active")
        .setParameter("error", MigrationStatus.ERROR)
        .setParameter(
            "message",
            "Stopped with job execution "
                + executionId
                + " by an admin: restart the execution or resync the mailbox to continue")
        .setParameter("now", now)
        .setParameter("ids", ids)
        .setParameter("active", ACTIVE)
        .executeUpdate();
  }

  /**
   * Where a mailbox stands now, read in a transaction of its own (null when it was deleted): the
   * batch reader asks before it opens a mailbox and before each chunk, see {@link
   * io.mailferry.migration.batch.MailboxReader}.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public MigrationStatus currentStatus(long migrationId) {
    return statusOf(migrationId);
  }

  private MigrationStatus statusOf(long migrationId) {
    return em.createQuery(
            "SELECT m.status FROM MailboxMigration m WHERE m.id = :id", MigrationStatus.class)
        .setParameter("id", migrationId)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  private MailboxMigration require(String email) {
    String address = MailboxMigration.normaliseEmail(email);
    return em.createQuery(
            "SELECT m FROM MailboxMigration m WHERE m.email = :e", MailboxMigration.class)
        .setParameter("e", address)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no migration for " + address));
  }
}
