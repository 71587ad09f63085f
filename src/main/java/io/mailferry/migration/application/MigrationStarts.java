package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.ops.MailboxSlots;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The transactional half of the dispatcher. */
@Stateless
public class MigrationStarts {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject private MailboxSlots slots;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int recoverInterrupted() {
    List<MailboxMigration> interrupted =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.status IN :s", MailboxMigration.class)
            .setParameter("s", List.of(MigrationStatus.RUNNING, MigrationStatus.WAITING))
            .getResultList();
    for (MailboxMigration migration : interrupted) {
      migration.requeue("Resumed after the server restarted");
    }
    return interrupted.size();
  }

  /** Moves queued mailboxes to WAITING before their job starts, so none is started twice. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> claimQueued(int max) {
    List<MailboxMigration> queued =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.status = :s ORDER BY m.queuedAt",
                MailboxMigration.class)
            .setParameter("s", MigrationStatus.QUEUED)
            .setMaxResults(max)
            .getResultList();
    List<MailboxMigration> startable =
        queued.stream().filter(m -> !slots.isClaimed(m.getId())).toList();
    startable.forEach(m -> m.waiting("Starting"));
    return startable.stream().map(MailboxMigration::getId).toList();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void noteExecution(List<Long> ids, long execution) {
    em.createQuery("UPDATE MailboxMigration m SET m.jobExecutionId = :x WHERE m.id IN :ids")
        .setParameter("x", execution)
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
