package io.mailferry.migration.application;

import io.mailferry.config.SecretBox;
import io.mailferry.migration.domain.BatchLine;
import io.mailferry.migration.domain.BatchMailbox;
import io.mailferry.migration.domain.BatchWaves;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MasterLogin;
import io.mailferry.migration.domain.MigrationBatch;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.ops.MailboxSlots;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The batches' rows: recording an accepted upload, claiming a wave, stopping, reporting. */
@Stateless
public class BatchRecords {

  static final List<MigrationStatus> WORKING =
      List.of(MigrationStatus.WAITING, MigrationStatus.RUNNING);
  static final List<MigrationStatus> UNFINISHED =
      List.of(MigrationStatus.QUEUED, MigrationStatus.WAITING, MigrationStatus.RUNNING);

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject SecretBox secrets;
  @Inject MailboxSlots slots;
  @Inject Event<MailboxesQueued> queued;

  /** A mailbox of a wave moved to WAITING, about to join the wave's job execution. */
  public record Claimed(
      long migrationId, long memberId, String email, String sealedAccountPassword) {}

  public Map<String, MailDomain> domains() {
    return em.createQuery("SELECT d FROM MailDomain d", MailDomain.class).getResultList().stream()
        .collect(Collectors.toMap(MailDomain::getName, d -> d));
  }

  /** The mailboxes among {@code emails} that are being migrated now, with their status. */
  public Map<String, MigrationStatus> unfinished(Collection<String> emails) {
    Map<String, MigrationStatus> result = new HashMap<>();
    if (emails.isEmpty()) {
      return result;
    }
    for (Object[] row :
        em.createQuery(
                "SELECT m.email, m.status FROM MailboxMigration m WHERE m.email IN :e"
                    + " AND m.status IN :s",
                Object[].class)
            .setParameter("e", emails)
            .setParameter("s", UNFINISHED)
            .getResultList()) {
      result.put((String) row[0], (MigrationStatus) row[1]);
    }
    return result;
  }

  /**
   * Records the batch and queues its mailboxes; a mailbox migrated before (completed or failed) is
   * queued again and copies only what it lacks. Passwords are stored sealed only.
   */
  public long create(BatchOptions options, List<BatchLine> lines) {
    MasterLogin master = options.hasMasterLogin() ? new MasterLogin(options.masterLogin()) : null;
    MigrationBatch batch =
        new MigrationBatch(
            options.name(),
            master == null ? null : master.pattern(),
            options.waveSize(),
            options.startAt());
    em.persist(batch);
    Map<String, MailDomain> domains = domains();
    Map<String, MailboxMigration> existing = new HashMap<>();
    List<String> mailboxes = lines.stream().map(BatchRecords::address).toList();
    em.createQuery("SELECT m FROM MailboxMigration m WHERE m.email IN :e", MailboxMigration.class)
        .setParameter("e", mailboxes)
        .getResultList()
        .forEach(m -> existing.put(m.getEmail(), m));
    String sealedMaster = master == null ? null : secrets.encrypt(options.masterPassword());
    for (int i = 0; i < lines.size(); i++) {
      BatchLine line = lines.get(i);
      String ownLogin = line.sourceLogin() == null ? line.email() : line.sourceLogin();
      String login = master == null ? ownLogin : master.loginFor(ownLogin);
      String sealedSource = master == null ? secrets.encrypt(line.password()) : sealedMaster;
      MailDomain domain = domains.get(MailboxMigration.domainOf(line.email()));
      MailboxMigration migration = existing.get(address(line));
      if (migration == null) {
        migration = new MailboxMigration(domain, address(line), login);
        migration.setSourcePassword(sealedSource);
        em.persist(migration);
      } else {
        migration.setSourceLogin(login);
        migration.setSourcePassword(sealedSource);
        migration.requeue("Queued by batch " + batch.getName());
      }
      String sealedAccount =
          line.password() == null
              ? null
              : master == null ? sealedSource : secrets.encrypt(line.password());
      em.persist(
          new BatchMailbox(
              batch,
              migration,
              line.line(),
              i,
              BatchWaves.waveOf(i, options.waveSize()),
              sealedAccount));
    }
    em.flush();
    return batch.getId();
  }

  /** The mailbox's address as migrations are keyed. */
  static String address(BatchLine line) {
    return MailboxMigration.normaliseEmail(line.mailbox());
  }

  /** Batches with queued mailboxes that may start now. */
  public List<Long> due(Instant now) {
    return em.createQuery(
            "SELECT DISTINCT b.batch.id FROM BatchMailbox b WHERE b.migration.status = :q"
                + " AND b.batch.stopped = false"
                + " AND (b.batch.startAt IS NULL OR b.batch.startAt <= :now)",
            Long.class)
        .setParameter("q", MigrationStatus.QUEUED)
        .setParameter("now", now)
        .getResultList();
  }

  /** Stopped batches whose mailboxes still show as working, by job execution. */
  public Map<Long, List<Long>> stoppingExecutions() {
    Map<Long, List<Long>> byExecution = new LinkedHashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT b.migration.jobExecutionId, b.migration.id FROM BatchMailbox b"
                    + " WHERE b.batch.stopped = true AND b.migration.status IN :s",
                Object[].class)
            .setParameter("s", WORKING)
            .getResultList()) {
      Long execution = row[0] == null ? -1L : (Long) row[0];
      byExecution.computeIfAbsent(execution, x -> new ArrayList<>()).add((Long) row[1]);
    }
    return byExecution;
  }

  /**
   * Moves the queued mailboxes of the batch's open wave to WAITING, so that nothing else starts
   * them, and hands them over to be started as one job execution.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Claimed> claimWave(long batchId, Instant now) {
    MigrationBatch batch = em.find(MigrationBatch.class, batchId);
    if (batch == null || !batch.isDue(now)) {
      return List.of();
    }
    List<BatchMailbox> unfinished =
        em.createQuery(
                "SELECT b FROM BatchMailbox b WHERE b.batch = :b AND b.migration.status IN :s"
                    + " ORDER BY b.position",
                BatchMailbox.class)
            .setParameter("b", batch)
            .setParameter("s", UNFINISHED)
            .getResultList();
    var open = BatchWaves.open(unfinished.stream().map(BatchMailbox::getWave).toList());
    if (open.isEmpty()) {
      return List.of();
    }
    List<Claimed> claimed = new ArrayList<>();
    for (BatchMailbox member : unfinished) {
      MailboxMigration migration = member.getMigration();
      if (member.getWave() <= open.getAsInt()
          && migration.getStatus() == MigrationStatus.QUEUED
          && !slots.isClaimed(migration.getId())) {
        migration.waiting("Starting");
        claimed.add(
            new Claimed(
                migration.getId(),
                member.getId(),
                migration.getEmail(),
                member.isProvisioned() ? null : member.getAccountPassword()));
      }
    }
    if (!claimed.isEmpty()) {
      batch.started(now);
    }
    return claimed;
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void provisioned(long memberId) {
    BatchMailbox member = em.find(BatchMailbox.class, memberId);
    if (member != null) {
      member.provisioned();
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void failed(long migrationId, String reason) {
    MailboxMigration migration = em.find(MailboxMigration.class, migrationId);
    if (migration != null && migration.getStatus().isActive()) {
      migration.failed(reason);
    }
  }

  /** Back in the queue, where a stopped batch leaves them until it is restarted. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void requeueStopped(List<Long> migrationIds) {
    for (Long id : migrationIds) {
      MailboxMigration migration = em.find(MailboxMigration.class, id);
      if (migration != null && WORKING.contains(migration.getStatus())) {
        migration.requeue("Stopped with its batch; restarting the batch resumes it");
      }
    }
  }

  /**
   * @return the job executions of its mailboxes that are copying now
   */
  public Set<Long> stop(long batchId) {
    MigrationBatch batch = require(batchId);
    batch.stop();
    return new TreeSet<>(
        em.createQuery(
                "SELECT DISTINCT b.migration.jobExecutionId FROM BatchMailbox b WHERE b.batch = :b"
                    + " AND b.migration.status IN :s AND b.migration.jobExecutionId IS NOT NULL",
                Long.class)
            .setParameter("b", batch)
            .setParameter("s", WORKING)
            .getResultList());
  }

  public void resume(long batchId) {
    MigrationBatch batch = require(batchId);
    if (!batch.isStopped()) {
      throw new IllegalStateException(
          "batch " + batchId + " is not stopped; resync its failed mailboxes instead");
    }
    batch.resume();
  }

  /** Queues the batch's failed mailboxes again; @return how many */
  public int resyncFailed(long batchId) {
    MigrationBatch batch = require(batchId);
    int count = 0;
    for (BatchMailbox member : members(batch)) {
      MailboxMigration migration = member.getMigration();
      if (migration.getStatus() == MigrationStatus.ERROR && migration.getSourcePassword() != null) {
        migration.requeue("Queued again by the batch's resync");
        count++;
      }
    }
    if (count > 0) {
      queued.fire(new MailboxesQueued());
    }
    return count;
  }

  public List<BatchView> list(int max) {
    return em
        .createQuery("SELECT b FROM MigrationBatch b ORDER BY b.id DESC", MigrationBatch.class)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(b -> BatchViews.of(b, members(b), Map.of()).summary())
        .toList();
  }

  public BatchView view(long batchId) {
    MigrationBatch batch = require(batchId);
    List<BatchMailbox> members = members(batch);
    return BatchViews.of(batch, members, MessageErrors.perMailbox(em, batch));
  }

  private MigrationBatch require(long batchId) {
    MigrationBatch batch = em.find(MigrationBatch.class, batchId);
    if (batch == null) {
      throw new NotFoundException("no batch " + batchId);
    }
    return batch;
  }

  private List<BatchMailbox> members(MigrationBatch batch) {
    return em.createQuery(
            "SELECT b FROM BatchMailbox b JOIN FETCH b.migration WHERE b.batch = :b"
                + " ORDER BY b.position",
            BatchMailbox.class)
        .setParameter("b", batch)
        .getResultList();
  }
}
