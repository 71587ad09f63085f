package io.mailferry.migration.application;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** Registers mail domains and their source servers. */
@Stateless
public class DomainService {

  private static final Logger LOG = Logger.getLogger(DomainService.class.getName());

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  public List<DomainSettings> list() {
    return em
        .createQuery("SELECT d FROM MailDomain d ORDER BY d.name", MailDomain.class)
        .getResultList()
        .stream()
        .map(DomainService::view)
        .toList();
  }

  public Optional<DomainSettings> find(String name) {
    return findEntity(name).map(DomainService::view);
  }

  public Optional<MailDomain> findEntity(String name) {
    String normalised = MailDomain.normaliseName(name);
    return em.createQuery("SELECT d FROM MailDomain d WHERE d.name = :n", MailDomain.class)
        .setParameter("n", normalised)
        .getResultStream()
        .findFirst();
  }

  /**
   * Creates or updates a domain; fields left null keep their value (or the default on creation:
   * port 993 for ssl, 143 otherwise; auto-migration on).
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public DomainSettings save(String name, DomainSettings settings) {
    return save(name, settings, false);
  }

  /**
   * As {@link #save(String, DomainSettings)}. A new source host would receive the stored source
   * passwords on the next copy: changing it wipes them for every mailbox of the domain that is not
   * copying now (a running copy keeps the server it started with), and is done only when confirmed.
   *
   * @throws HostChangeNotConfirmedException when the host changes without {@code
   *     confirmHostChange}; nothing is saved
   */
  public DomainSettings save(String name, DomainSettings settings, boolean confirmHostChange) {
    MailDomain domain = findEntity(name).orElse(null);
    boolean created = domain == null;
    if (created) {
      domain = new MailDomain(name);
      if (settings.host() == null || settings.host().isBlank()) {
        throw new IllegalArgumentException("host is required: the source IMAP server of " + name);
      }
    }
    ServerEndpoint current = created ? null : domain.sourceEndpoint();
    boolean hostChanged =
        current != null
            && settings.host() != null
            && !settings.host().trim().equalsIgnoreCase(current.host());
    if (hostChanged && !confirmHostChange) {
      throw new HostChangeNotConfirmedException(
          "Changing the source host of "
              + domain.getName()
              + " from "
              + current.host()
              + " to "
              + settings.host().trim()
              + " wipes the stored source passwords of its mailboxes"
              + " that are not copying now ("
              + storedPasswords(domain)
              + "): their users must"
              + " sign up again. Confirm the change to go on");
    }
    Security security =
        settings.security() != null
            ? Security.parse(settings.security())
            : current != null ? current.security() : Security.SSL;
    int port =
        settings.port() != null
            ? settings.port()
            : current != null && current.security() == security
                ? current.port()
                : security == Security.SSL ? 993 : 143;
    String certificate =
        settings.trustedCertificate() != null
            ? settings.trustedCertificate().isBlank() ? null : settings.trustedCertificate().trim()
            : current != null ? current.trustedCertificate() : null;
    if (certificate != null) {
      MailSessions.parse(certificate);
    }
    domain.configureSource(
        new ServerEndpoint(
            settings.host() != null ? settings.host().trim() : current.host(),
            port,
            security,
            settings.allowPlaintext() != null
                ? settings.allowPlaintext()
                : current != null && current.allowPlaintext(),
            certificate));
    if (settings.autoMigration() != null) {
      domain.setAutoMigration(settings.autoMigration());
    }
    if (settings.excludeFolders() != null) {
      domain.setExcludeFolders(settings.excludeFolders());
    }
    if (settings.folderRenames() != null) {
      domain.setFolderRenames(settings.folderRenames());
    }
    if (settings.maxMessageSize() != null) {
      domain.setMaxMessageSize(settings.maxMessageSize() == 0 ? null : settings.maxMessageSize());
    }
    if (settings.copyDeleted() != null) {
      domain.setCopyDeleted(settings.copyDeleted());
    }
    if (settings.migrationFinished() != null) {
      domain.setMigrationFinished(settings.migrationFinished());
      if (settings.migrationFinished()) {
        wipePasswords(domain);
      }
    }
    if (created) {
      em.persist(domain);
    }
    if (hostChanged) {
      int wiped =
          em.createQuery(
                  "UPDATE MailboxMigration m SET m.sourcePassword = NULL, m.passwordStoredAt = NULL"
                      + " WHERE m.domain = :d AND m.status <> :running"
                      + " AND m.sourcePassword IS NOT NULL")
              .setParameter("d", domain)
              .setParameter("running", MigrationStatus.RUNNING)
              .executeUpdate();
      LOG.warning(
          () ->
              "Source host of "
                  + name
                  + " changed from "
                  + current.host()
                  + " to "
                  + settings.host().trim()
                  + ": wiped "
                  + wiped
                  + " stored source passwords");
    }
    em.flush();
    return view(domain);
  }

  private long storedPasswords(MailDomain domain) {
    return em.createQuery(
            "SELECT COUNT(m) FROM MailboxMigration m WHERE m.domain = :d AND m.status <> :running"
                + " AND m.sourcePassword IS NOT NULL",
            Long.class)
        .setParameter("d", domain)
        .setParameter("running", MigrationStatus.RUNNING)
        .getSingleResult();
  }

  /** Source passwords are kept only while a resync may need them. */
  private void wipePasswords(MailDomain domain) {
    em.createQuery(
            "UPDATE MailboxMigration m SET m.sourcePassword = NULL, m.passwordStoredAt = NULL"
                + " WHERE m.domain = :d")
        .setParameter("d", domain)
        .executeUpdate();
  }

  /**
   * @throws IllegalStateException while mailboxes of the domain are recorded
   */
  public void delete(String name) {
    MailDomain domain =
        findEntity(name).orElseThrow(() -> new NotFoundException("no domain " + name));
    long mailboxes =
        em.createQuery("SELECT COUNT(m) FROM MailboxMigration m WHERE m.domain = :d", Long.class)
            .setParameter("d", domain)
            .getSingleResult();
    if (mailboxes > 0) {
      throw new IllegalStateException(
          "the domain "
              + domain.getName()
              + " has "
              + mailboxes
              + " mailbox migrations; remove them first");
    }
    em.remove(domain);
  }

  static DomainSettings view(MailDomain domain) {
    ServerEndpoint source = domain.sourceEndpoint();
    return new DomainSettings(
        domain.getName(),
        source.host(),
        source.port(),
        source.security().name().toLowerCase(),
        source.allowPlaintext(),
        source.trustedCertificate(),
        domain.isAutoMigration(),
        domain.getExcludeFolders(),
        domain.getFolderRenames(),
        domain.getMaxMessageSize(),
        domain.isCopyDeleted(),
        domain.isMigrationFinished());
  }
}
