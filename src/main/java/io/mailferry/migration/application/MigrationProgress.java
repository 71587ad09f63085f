package io.mailferry.migration.application;

import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.timing.MailboxPhases;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.PlannedFolder;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Everything the copy of a mailbox writes to the database. Status changes commit on their own
 * (REQUIRES_NEW) so the screens see them at once; what a chunk copied commits with the chunk
 * (MANDATORY), so checkpoint and records can never disagree with each other.
 */
@Stateless
public class MigrationProgress {

  /** The words of an ERROR message that send admins to the IMAP tool; the screens link them. */
  public static final String TOOL_HINT = "use the single-user migration tool to look into it";

  private static final Logger LOG = Logger.getLogger(MigrationProgress.class.getName());

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject MailboxPhases phases;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public MailboxMigration find(long migrationId) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    if (migration == null) {
      throw new IllegalArgumentException("no mailbox migration with id " + migrationId);
    }
    migration.getDomain().getName();
    return migration;
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void requeue(long migrationId, String reason) {
    em.find(MailboxMigration.class, migrationId).requeue(reason);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void waiting(long migrationId, String reason) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    if (migration.getStatus() != io.mailferry.migration.domain.MigrationStatus.WAITING
        || !reason.equals(migration.getStatusMessage())) {
      migration.waiting(reason);
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void paused(long migrationId, String reason) {
    em.find(MailboxMigration.class, migrationId).pause(reason);
  }

  /**
   * Locks the row first: a job's first word comes right after its start, while the dispatcher may
   * be noting the job's execution in the same row (a bulk update, which moves its version).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void running(long migrationId, String message) {
    em.find(MailboxMigration.class, migrationId, LockModeType.PESSIMISTIC_WRITE).running(message);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void completed(long migrationId, String message) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    migration.completed(message);
    LOG.info(() -> "Mailbox " + migration.getEmail() + " completed: " + message);
    logPhases(migrationId, migration.getEmail());
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void failed(long migrationId, String reason) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    String message = reason;
    if (migration.getErrorEpisodes() >= 1) {
      message +=
          " — this mailbox has stopped "
              + (migration.getErrorEpisodes() + 1)
              + " times: "
              + TOOL_HINT;
    }
    migration.failed(message);
    LOG.warning("Mailbox " + migration.getEmail() + " stopped: " + reason);
    logPhases(migrationId, migration.getEmail());
  }

  private void logPhases(long migrationId, String email) {
    phases
        .finish(migrationId)
        .ifPresent(times -> LOG.info(() -> "Mailbox " + email + ": phases: " + times.summary()));
  }

  /**
   * Records the folder plan: new folders get a checkpoint, known ones keep theirs (and their
   * destination name, so a changed rule never splits a folder in two).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<FolderCheckpoint> savePlan(
      long migrationId, List<PlannedFolder> plan, Map<String, FolderSize> totals) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    Map<String, FolderCheckpoint> existing = new HashMap<>();
    for (FolderCheckpoint checkpoint : checkpoints(migrationId)) {
      existing.put(checkpoint.getSourceName(), checkpoint);
    }
    List<FolderCheckpoint> result = new ArrayList<>();
    long messages = 0;
    long bytes = 0;
    long messagesDone = 0;
    long bytesDone = 0;
    for (PlannedFolder folder : plan) {
      FolderCheckpoint checkpoint = existing.get(folder.sourceName());
      if (checkpoint == null) {
        checkpoint =
            new FolderCheckpoint(
                migration, folder.sourceName(), folder.destinationName(), folder.position());
        em.persist(checkpoint);
      } else {
        checkpoint.setPosition(folder.position());
      }
      FolderSize total = totals.get(folder.sourceName());
      if (total != null) {
        checkpoint.totals(total.messages(), total.bytes());
      }
      messages += checkpoint.getMessagesTotal();
      bytes += checkpoint.getBytesTotal();
      messagesDone += checkpoint.getMessagesDone();
      bytesDone += checkpoint.getBytesDone();
      result.add(checkpoint);
    }
    migration.totals(Math.max(messages, messagesDone), Math.max(bytes, bytesDone));
    migration.doneSoFar(messagesDone, bytesDone);
    em.flush();
    return result;
  }

  public List<FolderCheckpoint> checkpoints(long migrationId) {
    return em.createQuery(
            "SELECT c FROM FolderCheckpoint c WHERE c.migration.id = :id ORDER BY c.position",
            FolderCheckpoint.class)
        .setParameter("id", migrationId)
        .getResultList();
  }

  /** Starts a run: its number names the records and errors it makes; folders verify anew. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int startRun(long migrationId) {
    int run = em.find(MailboxMigration.class, migrationId).startRun();
    checkpoints(migrationId).forEach(FolderCheckpoint::unverified);
    return run;
  }
}
