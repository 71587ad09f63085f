package io.mailferry.migration.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside Payara Micro (Arquillian's servlet protocol): the built WAR plus this class, the EJBs
 * injected and called directly, in the container's transactions and database.
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationInContainerIT {

  @EJB DomainService domains;
  @EJB MigrationService migrations;
  @EJB PasswordRetention retention;

  @PersistenceContext(unitName = "mailferry")
  EntityManager em;

  @Resource UserTransaction transaction;

  @Deployment
  static WebArchive mailferryWithThisTest() {
    File war = new File(System.getProperty("mailferry.war", "target/mailferry.war"));
    return ShrinkWrap.create(ZipImporter.class, "mailferry.war")
        .importFrom(war)
        .as(WebArchive.class)
        .addClass(ApplicationInContainerIT.class);
  }

  @Test
  void theDomainServiceStoresADomainInTheContainersDatabase() {
    domains.save(
        "Container.Example",
        new DomainSettings(
            null,
            "imap.container.example",
            null,
            "starttls",
            null,
            null,
            true,
            "Trash\nSpam/*",
            "Old=Archive/Old",
            10_000_000L,
            false,
            false));

    DomainSettings stored = domains.find("container.example").orElseThrow();
    assertEquals("imap.container.example", stored.host());
    assertEquals(143, stored.port());
    assertEquals("starttls", stored.security());
    assertEquals("Trash\nSpam/*", stored.excludeFolders());
    assertTrue(domains.list().stream().anyMatch(d -> d.name().equals("container.example")));
  }

  @Test
  void aBadSettingIsRefusedWithItsReason() {
    EJBException refused =
        assertThrows(
            EJBException.class,
            () ->
                domains.save(
                    "bad.example",
                    new DomainSettings(
                        null,
                        "imap.bad.example",
                        null,
                        "none",
                        false,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
    Throwable cause =
        refused.getCausedByException() != null
            ? refused.getCausedByException()
            : refused.getCause();
    assertTrue(
        String.valueOf(cause.getMessage()).contains("plaintext IMAP"), String.valueOf(cause));
  }

  @Test
  void anUnknownMailboxIsReportedAsNotFound() {
    EJBException missing =
        assertThrows(EJBException.class, () -> migrations.status("nobody@container.example"));
    Throwable cause =
        missing.getCausedByException() != null
            ? missing.getCausedByException()
            : missing.getCause();
    assertTrue(cause instanceof NotFoundException, String.valueOf(cause));
  }

  /**
   * One transaction, rolled back at the end: the dispatcher never sees these mailboxes (their
   * stored passwords are no real ciphertext).
   */
  @Test
  void afterTheRetentionStoredPasswordsAreWipedInEveryStateButRunning() throws Exception {
    transaction.begin();
    try {
      MailDomain domain = new MailDomain("retention-" + UUID.randomUUID() + ".example");
      domain.configureSource(
          new ServerEndpoint("imap.retention.example", 993, Security.SSL, false, null));
      em.persist(domain);
      Map<MigrationStatus, MailboxMigration> mailboxes = new EnumMap<>(MigrationStatus.class);
      for (MigrationStatus status : MigrationStatus.values()) {
        String email = status.name().toLowerCase() + "@" + domain.getName();
        MailboxMigration mailbox = new MailboxMigration(domain, email, null);
        mailbox.setSourcePassword("sealed-password");
        switch (status) {
          case WAITING -> mailbox.waiting("The servers are busy");
          case RUNNING -> mailbox.running("Copying");
          case COMPLETED -> {
            mailbox.running("Copying");
            mailbox.completed("Completed");
          }
          case ERROR -> {
            mailbox.running("Copying");
            mailbox.failed("The destination refused the login");
          }
          default -> {}
        }
        em.persist(mailbox);
        mailboxes.put(status, mailbox);
      }
      em.flush();

      retention.wipeBefore(Instant.now().minus(Duration.ofDays(1)));
      reload(mailboxes);
      for (MailboxMigration mailbox : mailboxes.values()) {
        assertEquals("sealed-password", mailbox.getSourcePassword(), "within the retention");
      }

      retention.wipeBefore(Instant.now().plus(Duration.ofDays(1)));
      reload(mailboxes);
      for (MigrationStatus status : MigrationStatus.values()) {
        MailboxMigration mailbox = mailboxes.get(status);
        if (status == MigrationStatus.RUNNING) {
          assertEquals("sealed-password", mailbox.getSourcePassword(), "a running copy keeps it");
        } else {
          assertEquals(null, mailbox.getSourcePassword(), status + " after the retention");
          assertTrue(
              mailbox.getStatusMessage().contains("signs up again"), mailbox.getStatusMessage());
        }
      }
      assertTrue(
          mailboxes
              .get(MigrationStatus.ERROR)
              .getStatusMessage()
              .startsWith("The destination refused the login. The stored source password"),
          mailboxes.get(MigrationStatus.ERROR).getStatusMessage());
    } finally {
      transaction.rollback();
    }
  }

  /** What the database holds now (the service shares this transaction's persistence context). */
  private void reload(Map<MigrationStatus, MailboxMigration> mailboxes) {
    em.flush();
    em.clear();
    mailboxes.replaceAll((status, mailbox) -> em.find(MailboxMigration.class, mailbox.getId()));
  }
}
