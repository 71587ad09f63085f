package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailboxMigration;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mailbox list paged, sorted and filtered in the database, however many mailboxes there are;
 * and the mailboxes of a job execution's partitions.
 */
@Stateless
public class MailboxQueries {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  public long count(MailboxFilter filter) {
    return query("SELECT COUNT(m) FROM MailboxMigration m", filter, "", Long.class)
        .getSingleResult();
  }

  public List<MigrationView> page(MailboxFilter filter, int first, int max) {
    List<MailboxMigration> page =
        query(
                "SELECT m FROM MailboxMigration m",
                filter,
                " ORDER BY " + filter.orderBy(),
                MailboxMigration.class)
            .setFirstResult(Math.max(0, first))
            .setMaxResults(Math.max(1, max))
            .getResultList();
    java.util.Map<Long, Long> skipped = new java.util.HashMap<>();
    if (!page.isEmpty()) {
      for (Object[] row :
          em.createQuery(
                  "SELECT c.migration.id, SUM(c.messagesSkipped) FROM FolderCheckpoint c"
                      + " WHERE c.migration IN :page GROUP BY c.migration.id",
                  Object[].class)
              .setParameter("page", page)
              .getResultList()) {
        skipped.put((Long) row[0], ((Number) row[1]).longValue());
      }
    }
    return page.stream().map(m -> summary(m, skipped.getOrDefault(m.getId(), 0L))).toList();
  }

  private <T> TypedQuery<T> query(
      String select, MailboxFilter filter, String order, Class<T> type) {
    List<String> where = new ArrayList<>();
    if (filter.address() != null) {
      // addresses are stored in lower case (V3's check): no LOWER() to compute on each row
      where.add("m.email LIKE :address ESCAPE '\\'");
    }
    if (filter.domain() != null) {
      where.add("m.domain.name = :domain");
    }
    if (filter.status() != null) {
      where.add("m.status = :status");
    }
    String jpql = select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + order;
    TypedQuery<T> query = em.createQuery(jpql, type);
    if (filter.address() != null) {
      query.setParameter("address", "%" + likeEscaped(filter.address()) + "%");
    }
    if (filter.domain() != null) {
      query.setParameter("domain", filter.domain());
    }
    if (filter.status() != null) {
      query.setParameter("status", filter.statusValue());
    }
    return query;
  }

  /** A row of the list: no folders or message errors (the detail page has them). */
  private static MigrationView summary(MailboxMigration m, long messagesSkipped) {
    return MigrationViews.of(m, messagesSkipped, List.of(), List.of());
  }

  /** The text matched literally: "_" is common in addresses and must not match any character. */
  private static String likeEscaped(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replace("\\", "\\\\")
        .replace("%", "\\%")
        .replace("_", "\\_");
  }

  /**
   * Messages per second over the last 100 completed mailboxes (messages done over the time from
   * their first start to their end), or null before any has completed.
   */
  public Double measuredRate() {
    List<Object[]> rows =
        em.createQuery(
                "SELECT m.messagesDone, m.startedAt, m.finishedAt FROM MailboxMigration m WHERE"
                    + " m.status = :s AND m.startedAt IS NOT NULL AND m.finishedAt IS NOT NULL"
                    + " ORDER BY m.finishedAt DESC",
                Object[].class)
            .setParameter("s", io.mailferry.migration.domain.MigrationStatus.COMPLETED)
            .setMaxResults(100)
            .getResultList();
    long messages = 0;
    double seconds = 0;
    for (Object[] row : rows) {
      long done = ((Number) row[0]).longValue();
      double took =
          java.time.Duration.between((java.time.Instant) row[1], (java.time.Instant) row[2])
                  .toMillis()
              / 1000.0;
      if (done > 0 && took > 0) {
        messages += done;
        seconds += took;
      }
    }
    return seconds <= 0 ? null : messages / seconds;
  }

  /** Ids of the mailboxes whose address contains {@code part}, for the job history's filter. */
  public List<Long> idsMatching(String part) {
    return em.createQuery(
            "SELECT m.id FROM MailboxMigration m WHERE m.email LIKE :p ESCAPE '\\'", Long.class)
        .setParameter("p", "%" + likeEscaped(part.trim()) + "%")
        .getResultList();
  }

  /**
   * The mailbox of each partition, in the job's order, with its metrics in the execution; a deleted
   * one shows as such.
   */
  public List<JobDetail.PartitionView> partitions(
      List<Long> ids, Map<Long, PartitionMetrics.Counts> metrics) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, MailboxMigration> byId =
        em
            .createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.id IN :ids", MailboxMigration.class)
            .setParameter("ids", ids)
            .getResultList()
            .stream()
            .collect(Collectors.toMap(MailboxMigration::getId, Function.identity()));
    List<JobDetail.PartitionView> result = new ArrayList<>();
    for (Long id : ids) {
      MailboxMigration m = byId.get(id);
      result.add(
          m == null
              ? new JobDetail.PartitionView(
                  "(deleted mailbox)", "DELETED", "Its migration was deleted", 0, 0, null, null)
              : new JobDetail.PartitionView(
                  m.getEmail(),
                  m.getStatus().name(),
                  m.getStatusMessage(),
                  m.getMessagesDone(),
                  m.getMessagesTotal(),
                  m.getJobExecutionId(),
                  metrics.get(id)));
    }
    return result;
  }
}
