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

  @jakarta.inject.Inject MigrationService migrations;

  public long count(MailboxFilter filter) {
    return query("SELECT COUNT(m) FROM MailboxMigration m", filter, "", Long.class)
        .getSingleResult();
  }

  public List<MigrationView> page(MailboxFilter filter, int first, int max) {
    return query("SELECT m FROM MailboxMigration m", filter, " ORDER BY " + filter.orderBy(),
            MailboxMigration.class)
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, max))
        .getResultList()
        .stream()
        .map(migrations::summary)
        .toList();
  }

  private <T> TypedQuery<T> query(
      String select, MailboxFilter filter, String order, Class<T> type) {
    List<String> where = new ArrayList<>();
    if (filter.address() != null) {
      where.add("LOWER(m.email) LIKE :address");
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

  private static String likeEscaped(String text) {
    return text.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "");
  }

  /** Ids of the mailboxes whose address contains {@code part}, for the job history's filter. */
  public List<Long> idsMatching(String part) {
    return em.createQuery(
            "SELECT m.id FROM MailboxMigration m WHERE LOWER(m.email) LIKE :p", Long.class)
        .setParameter("p", "%" + likeEscaped(part.trim()) + "%")
        .getResultList();
  }

  /** The mailbox of each partition, in the job's order; a deleted one shows as such. */
  public List<JobDetail.PartitionView> partitions(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, MailboxMigration> byId =
        em.createQuery("SELECT m FROM MailboxMigration m WHERE m.id IN :ids", MailboxMigration.class)
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
                  "(deleted mailbox)", "DELETED", "Its migration was deleted", 0, 0, null)
              : new JobDetail.PartitionView(
                  m.getEmail(), m.getStatus().name(), m.getStatusMessage(), m.getMessagesDone(),
                  m.getMessagesTotal(), m.getJobExecutionId()));
    }
    return result;
  }
}
