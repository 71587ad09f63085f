package io.mailferry.migration.application;

import io.mailferry.migration.application.timing.MailboxPhases;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.PlannedFolder;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
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

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void running(long migrationId, String message) {
    em.find(MailboxMigration.class, migrationId).running(message);
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
      long migrationId, List<PlannedFolder> plan, Map<String, long[]> totals) {
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
      long[] total = totals.get(folder.sourceName());
      if (total != null) {
        checkpoint.totals(total[0], total[1]);
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
      checkpoint.skippedByRule(ruleSkips(chunk.migrationId(), checkpoint.getSourceName()));
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
        .setParameter("e", (int) outstanding(chunk.migrationId()))
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

  private static final List<io.mailferry.migration.domain.MessageErrorKind> OUTSTANDING =
      java.util.Arrays.stream(io.mailferry.migration.domain.MessageErrorKind.values())
          .filter(io.mailferry.migration.domain.MessageErrorKind::outstanding)
          .toList();

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

  /** Messages not on the destination that should be: refused or not served, not resolved. */
  public long outstanding(long migrationId) {
    return em.createQuery(
            "SELECT COUNT(e) FROM MessageError e WHERE e.migration.id = :m"
                + " AND e.resolvedAt IS NULL AND e.kind IN :k",
            Long.class)
        .setParameter("m", migrationId)
        .setParameter("k", OUTSTANDING)
        .getSingleResult();
  }

  /** The most frequent reasons among the outstanding messages, most frequent first. */
  public List<String> outstandingReasons(long migrationId, int max) {
    List<Object[]> rows =
        em.createQuery(
                "SELECT e.reason, COUNT(e) FROM MessageError e WHERE e.migration.id = :m"
                    + " AND e.resolvedAt IS NULL AND e.kind IN :k GROUP BY e.reason"
                    + " ORDER BY COUNT(e) DESC",
                Object[].class)
            .setParameter("m", migrationId)
            .setParameter("k", OUTSTANDING)
            .setMaxResults(max)
            .getResultList();
    return rows.stream().map(r -> r[1] + " × " + r[0]).toList();
  }

  /** Starts a run: its number names the records and errors it makes; folders verify anew. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int startRun(long migrationId) {
    int run = em.find(MailboxMigration.class, migrationId).startRun();
    checkpoints(migrationId).forEach(FolderCheckpoint::unverified);
    return run;
  }

  /**
   * The source UIDs of a folder that need no copy in this run: recorded as copied under this
   * UIDVALIDITY, or left out by a rule in this run.
   */
  public java.util.Set<Long> accountedUids(
      long checkpointId, long migrationId, String folder, long uidValidity, int run) {
    java.util.Set<Long> uids =
        new java.util.HashSet<>(
            em.createQuery(
                    "SELECT m.sourceUid FROM MigratedMessage m WHERE m.folder.id = :f"
                        + " AND m.uidValidity = :v",
                    Long.class)
                .setParameter("f", checkpointId)
                .setParameter("v", uidValidity)
                .getResultList());
    uids.addAll(
        em.createQuery(
                "SELECT e.sourceUid FROM MessageError e WHERE e.migration.id = :m"
                    + " AND e.folder = :f AND e.runNumber = :r AND e.resolvedAt IS NULL"
                    + " AND e.kind = :k AND e.uidValidity = :v",
                Long.class)
            .setParameter("m", migrationId)
            .setParameter("f", folder)
            .setParameter("r", run)
            .setParameter("k", io.mailferry.migration.domain.MessageErrorKind.RULE)
            .setParameter("v", uidValidity)
            .getResultList());
    return uids;
  }

  /**
   * The errors of a folder that the gap pass is about to try again: every one of earlier runs, and
   * this run's refusals. The new attempt records its own outcome.
   */
  public void supersedeErrors(long migrationId, String folder, int run) {
    em.createQuery(
            "UPDATE MessageError e SET e.resolvedAt = :now WHERE e.migration.id = :m"
                + " AND e.folder = :f AND e.resolvedAt IS NULL"
                + " AND (e.runNumber < :r OR e.kind IN :k)")
        .setParameter("now", java.time.Instant.now())
        .setParameter("m", migrationId)
        .setParameter("f", folder)
        .setParameter("r", run)
        .setParameter("k", OUTSTANDING)
        .executeUpdate();
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

  /** The outstanding messages of one folder. */
  public long outstandingIn(long migrationId, String folder) {
    return em.createQuery(
            "SELECT COUNT(e) FROM MessageError e WHERE e.migration.id = :m AND e.folder = :f"
                + " AND e.resolvedAt IS NULL AND e.kind IN :k",
            Long.class)
        .setParameter("m", migrationId)
        .setParameter("f", folder)
        .setParameter("k", OUTSTANDING)
        .getSingleResult();
  }

  /** Messages of a folder a domain rule leaves out, as the latest look at each found. */
  private long ruleSkips(long migrationId, String folder) {
    return em.createQuery(
            "SELECT COUNT(e) FROM MessageError e WHERE e.migration.id = :m AND e.folder = :f"
                + " AND e.resolvedAt IS NULL AND e.kind = :k",
            Long.class)
        .setParameter("m", migrationId)
        .setParameter("f", folder)
        .setParameter("k", io.mailferry.migration.domain.MessageErrorKind.RULE)
        .getSingleResult();
  }

  /** Folders whose last verification found the two sides disagreeing, with what it found. */
  public List<String> unverifiedFolders(long migrationId) {
    return checkpoints(migrationId).stream()
        .filter(c -> Boolean.FALSE.equals(c.getVerified()))
        .map(c -> c.getSourceName() + ": " + c.getVerification())
        .toList();
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
