package io.mailferry.migration.application;

import io.mailferry.migration.application.ChunkLedger.NewError;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Records the messages of a chunk the source server refused to serve, as errors of the current run
 * that are still to be copied: the gap pass at the folder's end and the next resync try them again,
 * and the mailbox cannot end COMPLETED while they stand.
 */
@Stateless
public class UnreadableChunks {

  private static final Logger LOG = Logger.getLogger(UnreadableChunks.class.getName());

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject OutstandingMessages outstanding;

  /**
   * Joins the transaction of the chunk that skipped them, so they commit with its checkpoint. A
   * message that already has an unresolved error of this run is not recorded twice (a chunk read
   * ahead is read again after its failure).
   *
   * @return how many errors were recorded
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public int record(long migrationId, UnreadableChunkException chunk) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    int run = migration.getRunNumber();
    List<NewError> errors = chunk.errors();
    Set<Long> standing =
        new HashSet<>(
            em.createQuery(
                    "SELECT e.sourceUid FROM MessageError e WHERE e.migration.id = :m"
                        + " AND e.folder = :f AND e.runNumber = :r AND e.resolvedAt IS NULL",
                    Long.class)
                .setParameter("m", migrationId)
                .setParameter("f", chunk.folder())
                .setParameter("r", run)
                .getResultList());
    int recorded = 0;
    for (NewError error : errors) {
      if (standing.contains(error.uid())) {
        continue;
      }
      em.persist(
          new MessageError(
              migration,
              chunk.folder(),
              error.uid(),
              error.messageId(),
              error.subject(),
              error.size(),
              error.reason(),
              error.kind(),
              run,
              chunk.uidValidity()));
      recorded++;
    }
    em.flush();
    em.createQuery("UPDATE MailboxMigration m SET m.messageErrors = :e WHERE m.id = :id")
        .setParameter("e", (int) outstanding.outstanding(migrationId))
        .setParameter("id", migrationId)
        .executeUpdate();
    int count = recorded;
    LOG.info(
        () ->
            "Mailbox "
                + migration.getEmail()
                + ": a chunk of "
                + errors.size()
                + " messages in "
                + chunk.folder()
                + " was skipped ("
                + chunk.getMessage()
                + "); "
                + count
                + " recorded as not served");
    return recorded;
  }
}
