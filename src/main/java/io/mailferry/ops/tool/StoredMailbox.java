package io.mailferry.ops.tool;

import io.mailferry.config.SecretBox;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.NotFoundException;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** A mailbox's stored settings for the tool: the domain's source, the login and its password. */
@Stateless
public class StoredMailbox {

  /** The settings; the password decrypted (kept in memory only as long as the run). */
  public record Settings(
      String email, ServerEndpoint source, String login, String password, FolderRules rules) {}

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject SecretBox secrets;

  /** The source server of the address's registered domain. */
  public ServerEndpoint domainSource(String email) {
    String domain = MailboxMigration.domainOf(email);
    return em.createQuery("SELECT d FROM MailDomain d WHERE d.name = :n", MailDomain.class)
        .setParameter("n", domain)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("the domain " + domain + " is not registered"))
        .sourceEndpoint();
  }

  public Settings of(String email) {
    String address = MailboxMigration.normaliseEmail(email);
    MailboxMigration m =
        em.createQuery(
                "SELECT m FROM MailboxMigration m WHERE m.email = :e", MailboxMigration.class)
            .setParameter("e", address)
            .getResultStream()
            .findFirst()
            .orElseThrow(() -> new NotFoundException("no migration for " + address));
    String password = m.getSourcePassword() == null ? null : secrets.decrypt(m.getSourcePassword());
    return new Settings(
        m.getEmail(),
        m.getDomain().sourceEndpoint(),
        m.getSourceLogin(),
        password,
        m.getDomain().folderRules());
  }
}
