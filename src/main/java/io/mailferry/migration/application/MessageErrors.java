package io.mailferry.migration.application;

import io.mailferry.migration.domain.MigrationBatch;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the messages left out on purpose (by the domain's rules, or gone from the source) from
 * those that failed, by the reasons {@link MailboxCopy} records.
 */
final class MessageErrors {

  private static final List<String> SKIPS =
      List.of("deleted on the source", "expunged on the source", "larger than the domain's");

  private MessageErrors() {}

  static boolean isSkip(String reason) {
    return reason != null && SKIPS.stream().anyMatch(reason::startsWith);
  }

  /** Per mailbox: messages skipped by rule (deleted, too large, expunged) and all not copied. */
  static Map<Long, long[]> perMailbox(EntityManager em, MigrationBatch batch) {
    Map<Long, long[]> result = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT e.migration.id, e.reason, COUNT(e) FROM MessageError e, BatchMailbox b"
                    + " WHERE b.batch = :b AND e.migration = b.migration"
                    + " GROUP BY e.migration.id, e.reason",
                Object[].class)
            .setParameter("b", batch)
            .getResultList()) {
      long[] counts = result.computeIfAbsent((Long) row[0], x -> new long[2]);
      long n = ((Number) row[2]).longValue();
      if (MessageErrors.isSkip((String) row[1])) {
        counts[0] += n;
      } else {
        counts[1] += n;
      }
    }
    return result;
  }
}
