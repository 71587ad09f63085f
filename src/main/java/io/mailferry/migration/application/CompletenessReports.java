package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import io.mailferry.migration.domain.MessageErrorKind;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the completeness report of a mailbox from its checkpoints, records and errors. */
@Stateless
public class CompletenessReports {

  private static final int OUTSTANDING_LISTED = 1000;

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  public CompletenessReport of(String email) {
    String address = MailboxMigration.normaliseEmail(email);
    MailboxMigration migration =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.email = :e", MailboxMigration.class)
            .setParameter("e", address)
            .getResultStream()
            .findFirst()
            .orElseThrow(() -> new NotFoundException("no migration for " + address));
    Map<Long, Long> records = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT m.folder.id, COUNT(m) FROM MigratedMessage m"
                    + " WHERE m.folder.migration = :m GROUP BY m.folder.id",
                Object[].class)
            .setParameter("m", migration)
            .getResultList()) {
      records.put((Long) row[0], (Long) row[1]);
    }
    Map<String, Long> ruleSkips = new HashMap<>();
    Map<String, Long> refusals = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT e.folder, e.kind, COUNT(e) FROM MessageError e WHERE e.migration = :m"
                    + " AND e.resolvedAt IS NULL GROUP BY e.folder, e.kind",
                Object[].class)
            .setParameter("m", migration)
            .getResultList()) {
      MessageErrorKind kind = (MessageErrorKind) row[1];
      if (kind == MessageErrorKind.RULE) {
        ruleSkips.merge((String) row[0], (Long) row[2], Long::sum);
      } else if (kind.outstanding()) {
        refusals.merge((String) row[0], (Long) row[2], Long::sum);
      }
    }
    List<CompletenessReport.FolderLine> folders =
        em
            .createQuery(
                "SELECT c FROM FolderCheckpoint c WHERE c.migration = :m ORDER BY c.position",
                FolderCheckpoint.class)
            .setParameter("m", migration)
            .getResultList()
            .stream()
            .map(
                c -> {
                  long recorded = records.getOrDefault(c.getId(), 0L);
                  return new CompletenessReport.FolderLine(
                      c.getSourceName(),
                      c.getDestinationName(),
                      c.getSourceMessages() == null ? c.getMessagesTotal() : c.getSourceMessages(),
                      c.getBytesTotal(),
                      Math.max(0, recorded - c.getFoundOnDestination()),
                      c.getFoundOnDestination(),
                      ruleSkips.getOrDefault(c.getSourceName(), 0L),
                      refusals.getOrDefault(c.getSourceName(), 0L),
                      c.getVerified(),
                      c.getVerification(),
                      c.getVerifiedAt());
                })
            .toList();
    List<CompletenessReport.Outstanding> outstanding =
        em
            .createQuery(
                "SELECT e FROM MessageError e WHERE e.migration = :m AND e.resolvedAt IS NULL"
                    + " AND e.kind IN :k ORDER BY e.folder, e.sourceUid",
                MessageError.class)
            .setParameter("m", migration)
            .setParameter("k", List.of(MessageErrorKind.REFUSED, MessageErrorKind.UNREADABLE))
            .setMaxResults(OUTSTANDING_LISTED)
            .getResultList()
            .stream()
            .map(
                e ->
                    new CompletenessReport.Outstanding(
                        e.getFolder(),
                        e.getSourceUid(),
                        e.getSubject(),
                        e.getSize(),
                        e.getKind().name(),
                        e.getReason(),
                        e.getRunNumber()))
            .toList();
    long refusedTotal = refusals.values().stream().mapToLong(Long::longValue).sum();
    boolean verified = folders.stream().allMatch(f -> !Boolean.FALSE.equals(f.verified()));
    return new CompletenessReport(
        migration.getEmail(),
        migration.getStatus().name(),
        migration.getStatusMessage(),
        migration.getRunNumber(),
        migration.getStatus() == io.mailferry.migration.domain.MigrationStatus.COMPLETED
            && refusedTotal == 0
            && verified,
        refusedTotal,
        folders,
        outstanding);
  }
}
