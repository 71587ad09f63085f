package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import io.mailferry.migration.domain.MigratedMessage;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the copy of a mailbox records message by message: the records of copied messages, the errors
 * of those left out, and each folder's checkpoint, written in the chunk's transaction (MANDATORY),
 * so checkpoint and records can never disagree with each other.
 */
@Stateless
public class ChunkLedger {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @jakarta.inject.Inject OutstandingMessages outstanding;
  @jakarta.inject.Inject io.mailferry.migration.application.timing.MailboxPhases phases;

  /** Noted before the first APPEND into a folder, so a crash after it knows where to look. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void destinationMark(long checkpointId, long uidValidity, long uidNext) {
    FolderCheckpoint checkpoint = em.find(FolderCheckpoint.class, checkpointId);
    checkpoint.setDestUidValidity(uidValidity);
    checkpoint.setDestUidNext(uidNext);
  }

  /** The destination UIDs from {@code fromUid} on that records of this folder name. */
  public java.util.Set<Long> recordedDestinationUids(long checkpointId, long fromUid) {
    return new java.util.HashSet<>(
        em.createQuery(
                "SELECT m.destUid FROM MigratedMessage m WHERE m.folder.id = :f AND m.destUid >= :u",
                Long.class)
            .setParameter("f", checkpointId)
            .setParameter("u", fromUid)
            .getResultList());
  }

  /** Whether the folder has records made under another UIDVALIDITY than this one. */
  public boolean hasRecordsOutside(long checkpointId, long uidValidity) {
    return !em.createQuery(
            "SELECT m.id FROM MigratedMessage m WHERE m.folder.id = :f AND m.uidValidity <> :v",
            Long.class)
        .setParameter("f", checkpointId)
        .setParameter("v", uidValidity)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** The records of a folder with these fingerprints (for reconciling a new UIDVALIDITY). */
  public Map<String, List<MigratedMessage>> recordsByFingerprint(
      long checkpointId, Collection<String> fingerprints) {
    Map<String, List<MigratedMessage>> result = new HashMap<>();
    if (fingerprints.isEmpty()) {
      return result;
    }
    for (MigratedMessage record :
        em.createQuery(
                "SELECT m FROM MigratedMessage m WHERE m.folder.id = :f AND m.fingerprint IN :fps",
                MigratedMessage.class)
            .setParameter("f", checkpointId)
            .setParameter("fps", fingerprints)
            .getResultList()) {
      result.computeIfAbsent(record.getFingerprint(), k -> new ArrayList<>()).add(record);
    }
    return result;
  }

  /** What one chunk did, committed with the chunk. */
  public record ChunkResult(
      long checkpointId,
      long migrationId,
      Long uidValidity,
      long lastUid,
      List<NewRecord> records,
      List<NewError> errors,
      long messages,
      long bytes,
      Long destUidValidity,
      Long destUidNext,
      boolean folderCompleted,
      String folderName,
      Long highestModseq,
      int runNumber,
      long foundOnDestination,
      Verification verification) {}

  /** What the verification after a folder's last chunk found; null problem when all agree. */
  public record Verification(long sourceMessages, String problem) {}

  public record NewRecord(
      io.mailferry.migration.domain.UidValidity uidValidity,
      io.mailferry.migration.domain.Uid uid,
      io.mailferry.migration.domain.Fingerprint fingerprint,
      Long destUid,
      String flags) {}

  /** A message left out; only messages the destination refused count towards the limit. */
  public record NewError(
      Long uid,
      String messageId,
      String subject,
      Long size,
      String reason,
      io.mailferry.migration.domain.MessageErrorKind kind) {}

  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void recordChunk(ChunkResult chunk) {
    long t0 = phases.start();
    try {
      record(chunk);
    } finally {
      phases.recorded(chunk.migrationId(), t0);
    }
  }

  private void record(ChunkResult chunk) {
    FolderCheckpoint checkpoint = em.find(FolderCheckpoint.class, chunk.checkpointId());
    for (NewRecord record : chunk.records()) {
      em.persist(
          new MigratedMessage(
              checkpoint,
              record.uidValidity(),
              record.uid(),
              record.fingerprint(),
              record.destUid(),
              record.flags(),
              chunk.runNumber()));
    }
    MailboxMigration migrationRef = em.getReference(MailboxMigration.class, chunk.migrationId());
    for (NewError error : chunk.errors()) {
      em.persist(
          new MessageError(
              migrationRef,
              checkpoint.getSourceName(),
              error.uid(),
              error.messageId(),
              error.subject(),
              error.size(),
              error.reason(),
              error.kind(),
              chunk.runNumber(),
              chunk.uidValidity()));
    }
    resolveErrors(chunk.migrationId(), checkpoint.getSourceName(), chunk.records());
    if (chunk.folderCompleted()
        || chunk.errors().stream()
            .anyMatch(e -> e.kind() == io.mailferry.migration.domain.MessageErrorKind.RULE)) {
      checkpoint.skippedByRule(
          outstanding.ruleSkips(chunk.migrationId(), checkpoint.getSourceName()));
    }
    checkpoint.foundOnDestination(chunk.foundOnDestination());
    if (chunk.verification() != null) {
      checkpoint.verified(
          chunk.verification().sourceMessages(),
          chunk.verification().problem() == null,
          chunk.verification().problem());
    }
    if (chunk.uidValidity() != null) {
      io.mailferry.migration.domain.UidValidity current =
          io.mailferry.migration.domain.UidValidity.of(chunk.uidValidity());
      if (checkpoint.uidValidityChanged(current)) {
        checkpoint.startReconciling(current);
      } else {
        checkpoint.setUidValidity(chunk.uidValidity());
      }
    }
    if (chunk.lastUid() > 0) {
      checkpoint.advance(
          io.mailferry.migration.domain.Uid.of(chunk.lastUid()), chunk.messages(), chunk.bytes());
    }
    if (chunk.destUidNext() != null) {
      checkpoint.setDestUidNext(chunk.destUidNext());
      checkpoint.setDestUidValidity(chunk.destUidValidity());
    }
    if (chunk.folderCompleted()) {
      checkpoint.setCompleted(true);
    }
    if (chunk.highestModseq() != null) {
      checkpoint.setHighestModseq(chunk.highestModseq());
    }
    em.flush();
    // A bulk update: the status page and admin actions touch the same row concurrently.
    em.createQuery(
            "UPDATE MailboxMigration m SET m.messagesDone = m.messagesDone + :n,"
                + " m.bytesDone = m.bytesDone + :b, m.messageErrors = :e,"
                + " m.currentFolder = :folder WHERE m.id = :id")
        .setParameter("n", chunk.messages())
        .setParameter("b", chunk.bytes())
        .setParameter("e", (int) outstanding.outstanding(chunk.migrationId()))
        .setParameter("folder", chunk.folderName())
        .setParameter("id", chunk.migrationId())
        .executeUpdate();
  }

  /**
   * The records of these source UIDs under the current UIDVALIDITY; joins the chunk's transaction.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public List<MigratedMessage> records(long checkpointId, long uidValidity, List<Long> uids) {
    List<MigratedMessage> result = new ArrayList<>();
    for (int from = 0; from < uids.size(); from += 1000) {
      result.addAll(
          em.createQuery(
                  "SELECT m FROM MigratedMessage m WHERE m.folder.id = :f AND m.uidValidity = :v"
                      + " AND m.sourceUid IN :uids",
                  MigratedMessage.class)
              .setParameter("f", checkpointId)
              .setParameter("v", uidValidity)
              .setParameter("uids", uids.subList(from, Math.min(uids.size(), from + 1000)))
              .getResultList());
    }
    return result;
  }

  /** Renumbers records after a UIDVALIDITY change; joins the chunk's transaction. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void renumber(
      long recordId,
      io.mailferry.migration.domain.UidValidity uidValidity,
      io.mailferry.migration.domain.Uid uid) {
    em.find(MigratedMessage.class, recordId).renumber(uidValidity, uid);
  }

  /** Errors of messages now on the destination are resolved: they stay only as history. */
  private void resolveErrors(long migrationId, String folder, List<NewRecord> records) {
    List<Long> uids = records.stream().map(r -> r.uid().value()).toList();
    for (int from = 0; from < uids.size(); from += 1000) {
      em.createQuery(
              "UPDATE MessageError e SET e.resolvedAt = :now WHERE e.migration.id = :m"
                  + " AND e.folder = :f AND e.resolvedAt IS NULL AND e.sourceUid IN :uids")
          .setParameter("now", java.time.Instant.now())
          .setParameter("m", migrationId)
          .setParameter("f", folder)
          .setParameter("uids", uids.subList(from, Math.min(uids.size(), from + 1000)))
          .executeUpdate();
    }
  }

  /** The destination UIDs recorded for a folder in one run (null where the server gave none). */
  public List<Long> destinationUidsOfRun(long checkpointId, int run) {
    return em.createQuery(
            "SELECT m.destUid FROM MigratedMessage m WHERE m.folder.id = :f AND m.runNumber = :r",
            Long.class)
        .setParameter("f", checkpointId)
        .setParameter("r", run)
        .getResultList();
  }

  /** Records of a run whose messages the destination does not hold; joins the chunk. */
  public void forgetRecords(long checkpointId, int run, List<Long> destinationUids) {
    for (int from = 0; from < destinationUids.size(); from += 1000) {
      em.createQuery(
              "DELETE FROM MigratedMessage m WHERE m.folder.id = :f AND m.runNumber = :r"
                  + " AND m.destUid IN :uids")
          .setParameter("f", checkpointId)
          .setParameter("r", run)
          .setParameter(
              "uids", destinationUids.subList(from, Math.min(destinationUids.size(), from + 1000)))
          .executeUpdate();
    }
  }
}
