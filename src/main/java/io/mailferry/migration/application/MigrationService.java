package io.mailferry.migration.application;

import io.mailferry.config.SecretBox;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Queues mailboxes, puts them back in the queue, and reports on them. */
@Stateless
public class MigrationService {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject DomainService domains;
  @Inject SourceVerifier verifier;
  @Inject SecretBox secrets;
  @Inject Event<MailboxesQueued> queued;

  /**
   * Verifies the login against the domain's source server and queues the mailbox. A mailbox already
   * known keeps its migration (no second copy); only its stored password is renewed.
   *
   * @param sourceLogin the login on the source when it is not the address (a master login)
   */
  public MigrationView queue(String email, String password, String sourceLogin) {
    return queue(email, password, sourceLogin, null);
  }

  /**
   * As {@link #queue(String, String, String)}, with {@code prepare} called with the address and
   * password once the source accepted them and before the mailbox is recorded: sign-up creates the
   * destination account there. When it throws, nothing is recorded or queued.
   */
  public MigrationView queue(
      String email, String password, String sourceLogin, BiConsumer<String, String> prepare) {
    String address = MailboxMigration.normaliseEmail(email);
    MailDomain domain =
        domains
            .findEntity(MailboxMigration.domainOf(address))
            .orElseThrow(
                () ->
                    new SourceLoginException(
                        SourceLoginException.Reason.UNKNOWN_DOMAIN,
                        "Mail addresses of "
                            + MailboxMigration.domainOf(address)
                            + " cannot be migrated here"));
    String login = sourceLogin == null || sourceLogin.isBlank() ? address : sourceLogin.trim();
    verifier.verifyForCopy(domain, login, password);
    if (prepare != null) {
      prepare.accept(address, password);
    }
    MailboxMigration migration = findEntity(address).orElse(null);
    if (migration == null) {
      migration = new MailboxMigration(domain, address, login);
      migration.setSourcePassword(secrets.encrypt(password));
      em.persist(migration);
    } else {
      renewLogin(migration, login, password);
    }
    em.flush();
    queued.fire(new MailboxesQueued());
    return view(migration);
  }

  /**
   * Stores a changed source login or password of a known mailbox. A bulk update, as the engine's
   * are: the mailbox may be starting at this moment, and a version conflict on its row would stop
   * it. The same login and password again (a second request, another spelling of the address) write
   * nothing.
   */
  private void renewLogin(MailboxMigration migration, String login, String password) {
    if (login.equals(migration.getSourceLogin())
        && storedPassword(migration).filter(password::equals).isPresent()) {
      return;
    }
    em.createQuery(
            "UPDATE MailboxMigration m SET m.sourceLogin = :l, m.sourcePassword = :p"
                + " WHERE m.id = :id")
        .setParameter("l", login)
        .setParameter("p", secrets.encrypt(password))
        .setParameter("id", migration.getId())
        .executeUpdate();
    em.refresh(migration);
  }

  /** The stored source password in clear; empty when wiped or not readable with this key. */
  private Optional<String> storedPassword(MailboxMigration migration) {
    if (migration.getSourcePassword() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(secrets.decrypt(migration.getSourcePassword()));
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * Puts a stopped mailbox back in the queue: it continues from its checkpoints, and a completed
   * one copies only what arrived since.
   */
  public MigrationView resync(String email) {
    MailboxMigration migration = require(email);
    if (!migration.getStatus().canResync()) {
      throw new IllegalStateException(
          "the migration of "
              + migration.getEmail()
              + " is "
              + migration.getStatus()
              + "; only a COMPLETED or ERROR mailbox can be resynced");
    }
    if (migration.getSourcePassword() == null) {
      throw new IllegalStateException(
          "the source password of "
              + migration.getEmail()
              + " is no longer stored: the user"
              + " must sign up again, or an admin queue the mailbox again with its password");
    }
    migration.requeue("Queued for resync");
    queued.fire(new MailboxesQueued());
    return view(migration);
  }

  /**
   * Queues a mailbox for the IMAP tool, which gives its copy the servers and logins typed in (see
   * {@link OneOffCopies}): no login is checked and no password stored here. A mailbox Mailferry
   * does not know yet is recorded under its registered domain; one being copied or queued is left
   * alone (the typed-in servers would not reach a copy already started).
   */
  public MigrationView queueForTool(String email) {
    String address = MailboxMigration.normaliseEmail(email);
    MailboxMigration migration = findEntity(address).orElse(null);
    if (migration == null) {
      MailDomain domain =
          domains
              .findEntity(MailboxMigration.domainOf(address))
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "the domain "
                              + MailboxMigration.domainOf(address)
                              + " is not registered: register it first (its checkpoints and"
                              + " records belong to it)"));
      migration = new MailboxMigration(domain, address, null);
      migration.requeue("Queued by the IMAP tool");
      em.persist(migration);
      em.flush();
      queued.fire(new MailboxesQueued());
      return view(migration);
    }
    if (migration.getStatus().isActive()) {
      throw new IllegalStateException(
          "the migration of "
              + address
              + " is "
              + migration.getStatus()
              + ": pause or cancel it first, then run the tool");
    }
    migration.requeue("Queued by the IMAP tool");
    queued.fire(new MailboxesQueued());
    return view(migration);
  }

  public Optional<MigrationView> find(String email) {
    return findEntity(MailboxMigration.normaliseEmail(email)).map(this::view);
  }

  /** What a password is, compared with the one stored for a mailbox. */
  public enum StoredPassword {
    MATCHES,
    DIFFERS,
    /** wiped, undecryptable, or the mailbox logs in to the source under another login */
    NOT_STORED,
    NO_MIGRATION
  }

  /**
   * Compares {@code password} with the source password stored (encrypted) for the mailbox, in
   * constant time. An address without migration costs the same work (one query, one decryption):
   * the answer's timing does not tell whether an address signed up.
   */
  public StoredPassword checkStoredPassword(String email, String password) {
    MailboxMigration migration = findEntity(MailboxMigration.normaliseEmail(email)).orElse(null);
    byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    if (migration == null) {
      String decoy = secrets.decrypt(secrets.encrypt("decoy"));
      MessageDigest.isEqual(decoy.getBytes(StandardCharsets.UTF_8), given);
      return StoredPassword.NO_MIGRATION;
    }
    if (migration.getSourcePassword() == null
        || !migration.getEmail().equalsIgnoreCase(migration.getSourceLogin())) {
      return StoredPassword.NOT_STORED;
    }
    String stored;
    try {
      stored = secrets.decrypt(migration.getSourcePassword());
    } catch (IllegalStateException e) {
      return StoredPassword.NOT_STORED;
    }
    return password != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), given)
        ? StoredPassword.MATCHES
        : StoredPassword.DIFFERS;
  }

  public MigrationView status(String email) {
    return view(require(email));
  }

  public List<MigrationView> list(int max) {
    List<MailboxMigration> listed =
        em.createQuery(
                "SELECT m FROM MailboxMigration m ORDER BY m.updatedAt DESC",
                MailboxMigration.class)
            .setMaxResults(max)
            .getResultList();
    java.util.Map<Long, Long> skipped = new java.util.HashMap<>();
    if (!listed.isEmpty()) {
      for (Object[] row :
          em.createQuery(
                  "SELECT c.migration.id, SUM(c.messagesSkipped) FROM FolderCheckpoint c"
                      + " WHERE c.migration.id IN :ids GROUP BY c.migration.id",
                  Object[].class)
              .setParameter("ids", listed.stream().map(MailboxMigration::getId).toList())
              .getResultList()) {
        skipped.put((Long) row[0], ((Number) row[1]).longValue());
      }
    }
    return listed.stream()
        .map(m -> MigrationViews.of(m, skipped.getOrDefault(m.getId(), 0L), List.of(), List.of()))
        .toList();
  }

  /** How many mailboxes are in each status; every status is present, with 0 when none are. */
  public java.util.Map<MigrationStatus, Long> countByStatus() {
    java.util.Map<MigrationStatus, Long> counts = new java.util.EnumMap<>(MigrationStatus.class);
    for (MigrationStatus status : MigrationStatus.values()) {
      counts.put(status, 0L);
    }
    for (Object[] row :
        em.createQuery(
                "SELECT m.status, COUNT(m) FROM MailboxMigration m GROUP BY m.status",
                Object[].class)
            .getResultList()) {
      counts.put((MigrationStatus) row[0], (Long) row[1]);
    }
    return counts;
  }

  private MailboxMigration require(String email) {
    String address = MailboxMigration.normaliseEmail(email);
    return findEntity(address)
        .orElseThrow(() -> new NotFoundException("no migration for " + address));
  }

  private Optional<MailboxMigration> findEntity(String address) {
    return em.createQuery(
            "SELECT m FROM MailboxMigration m WHERE m.email = :e", MailboxMigration.class)
        .setParameter("e", address)
        .getResultStream()
        .findFirst();
  }

  MigrationView view(MailboxMigration m) {
    return MigrationViews.of(em, m);
  }

  public List<String> emails(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "SELECT m.email FROM MailboxMigration m WHERE m.id IN :ids ORDER BY m.email",
            String.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  /** Mailboxes waiting to be started, oldest first. */
  public List<Long> queued(int max) {
    return em.createQuery(
            "SELECT m.id FROM MailboxMigration m WHERE m.status = :s ORDER BY m.queuedAt",
            Long.class)
        .setParameter("s", MigrationStatus.QUEUED)
        .setMaxResults(max)
        .getResultList();
  }
}
