package io.mailferry.migration.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside Payara Micro (Arquillian's servlet protocol): the built WAR plus this class, the
 * EJBs injected and called directly, in the container's transactions and database.
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationInContainerIT {

  @EJB DomainService domains;
  @EJB MigrationService migrations;

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
            null, "imap.container.example", null, "starttls", null, null, true, "Trash\nSpam/*",
            "Old=Archive/Old", 10_000_000L, false, false));

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
                        null, "imap.bad.example", null, "none", false, null, null, null, null,
                        null, null, null)));
    Throwable cause = refused.getCausedByException() != null ? refused.getCausedByException() : refused.getCause();
    assertTrue(String.valueOf(cause.getMessage()).contains("plaintext IMAP"), String.valueOf(cause));
  }

  @Test
  void anUnknownMailboxIsReportedAsNotFound() {
    EJBException missing =
        assertThrows(EJBException.class, () -> migrations.status("nobody@container.example"));
    Throwable cause = missing.getCausedByException() != null ? missing.getCausedByException() : missing.getCause();
    assertTrue(cause instanceof NotFoundException, String.valueOf(cause));
  }
}
