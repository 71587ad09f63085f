package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * The messages of a mailbox that are not on the destination and should be (refused, not served),
 * and the source UIDs a run has accounted for: what decides whether a mailbox is complete.
 */
@Stateless
public class OutstandingMessages {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  private static final List<io.mailferry.migration.domain.MessageErrorKind> OUTSTANDING =
      java.util.Arrays.stream(io.mailferry.migration.domain.MessageErrorKind.values())
          .filter(io.mailferry.migration.domain.MessageErrorKind::outstanding)
          .toList();

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
  public long ruleSkips(long migrationId, String folder) {
    return em.createQuery(
            "SELECT COUNT(e) FROM MessageError e WHERE e.migration.id = :m AND e.folder = :f"
                + " AND e.resolvedAt IS NULL AND e.kind = :k",
            Long.class)
        .setParameter("m", migrationId)
        .setParameter("f", folder)
        .setParameter("k", io.mailferry.migration.domain.MessageErrorKind.RULE)
        .getSingleResult();
  }

  /**
   * Why the mailbox cannot be called complete after its last folder, or null when it can: messages
   * still missing, or a folder whose verification found the destination disagreeing.
   */
  public String incompleteReason(long migrationId) {
    long missing = outstanding(migrationId);
    if (missing > 0) {
      return "Incomplete: "
          + missing
          + (missing == 1 ? " message is" : " messages are")
          + " not on the destination ("
          + String.join("; ", outstandingReasons(migrationId, 3))
          + "). A resync tries them again";
    }
    List<String> unverified =
        em.createQuery(
                "SELECT c FROM FolderCheckpoint c WHERE c.migration.id = :id ORDER BY c.position",
                FolderCheckpoint.class)
            .setParameter("id", migrationId)
            .getResultStream()
            .filter(c -> Boolean.FALSE.equals(c.getVerified()))
            .map(c -> c.getSourceName() + ": " + c.getVerification())
            .toList();
    if (!unverified.isEmpty()) {
      return "Incomplete: the destination does not hold what this run copied ("
          + String.join("; ", unverified)
          + "). A resync copies again what is missing";
    }
    return null;
  }
}
