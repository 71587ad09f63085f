package io.mailferry.migration.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.testing.CountingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The login check hands its session to the copy of the same login: the source sees one login for
 * both; any other copy, or one that comes too late, logs in itself, and nothing stays open.
 */
class KeptSourceLoginsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String LOGIN = "ana@kept.test";
  private static final String PASSWORD = "kept-pw";

  private GreenMail greenMail;
  private CountingProxy proxy;
  private ScheduledExecutorService scheduler;
  private ServerEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "imap"));
    greenMail.start();
    greenMail.setUser(LOGIN, LOGIN, PASSWORD);
    greenMail.setUser("bo@kept.test", "bo@kept.test", "bo-pw");
    proxy = new CountingProxy("127.0.0.1", greenMail.getImap().getPort());
    scheduler = Executors.newSingleThreadScheduledExecutor();
    endpoint = new ServerEndpoint("127.0.0.1", proxy.port(), Security.NONE, true, null);
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.shutdownNow();
    proxy.close();
    greenMail.stop();
  }

  @Test
  void theCopyOfTheCheckedLoginGoesOnInTheCheckersSession() throws Exception {
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ofMinutes(5));
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);
    assertThat(kept.kept()).isEqualTo(1);

    try (MailSource source =
        new ImapMailServers(kept).source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, null)) {
      assertThat(source.listFolders()).extracting(f -> f.fullName()).contains("INBOX");
      assertThat(proxy.accepted()).as("connections to the source: the check's only").isEqualTo(1);
      assertThat(kept.kept()).isZero();
    }
    awaitZero("source connections open once the copy closed its source", proxy::open);
  }

  @Test
  void theCheckAsksForTheFolderListingTheCopyReadsFirst() throws Exception {
    KeptSourceLogins kept = checkedWithAFolder();
    awaitValue(
        "LSUB commands the source received", () -> count(proxy.sentByClients(), " LSUB "), 1);

    try (MailSource source =
        new ImapMailServers(kept).source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, null)) {
      assertThat(source.listFolders())
          .extracting(f -> f.fullName())
          .containsExactlyInAnyOrder("INBOX", "Projects");
      assertThat(source.countsAndBytes(List.of("INBOX", "Projects"))).hasSize(2);
      assertThat(count(proxy.sentByClients(), " LSUB "))
          .as("listings: the one the check wrote, its answers read by the copy")
          .isEqualTo(1);
    }
  }

  @Test
  void aCopyThatAsksForSomethingElseFirstStillListsItsFolders() throws Exception {
    KeptSourceLogins kept = checkedWithAFolder();

    try (MailSource source =
        new ImapMailServers(kept).source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, null)) {
      try (var open = source.open("Projects")) {
        assertThat(open.nextMessages(0, 10)).isEmpty();
      }
      assertThat(source.listFolders())
          .extracting(f -> f.fullName())
          .containsExactlyInAnyOrder("INBOX", "Projects");
      assertThat(count(proxy.sentByClients(), " LSUB "))
          .as("the listing written ahead, dropped by the opening, and asked again")
          .isEqualTo(2);
    }
  }

  /** A login with INBOX and Projects, checked and kept for its copy. */
  private KeptSourceLogins checkedWithAFolder() throws Exception {
    greenMail
        .getManagers()
        .getImapHostManager()
        .createMailbox(greenMail.getManagers().getUserManager().getUser(LOGIN), "Projects");
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ofMinutes(5));
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);
    return kept;
  }

  private static int count(String text, String part) {
    int found = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      found++;
    }
    return found;
  }

  @Test
  void aCheckNotKeptLogsOutAndTheCopyLogsInItself() throws Exception {
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ofMinutes(5));
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, false);
    assertThat(kept.kept()).isZero();
    awaitZero("source connections open after the check", proxy::open);

    try (MailSource source =
        new ImapMailServers(kept).source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, null)) {
      assertThat(source.listFolders()).isNotEmpty();
      assertThat(proxy.accepted()).isEqualTo(2);
    }
  }

  @Test
  void anotherLoginPasswordOrTimeoutIsNeverHandedTheSession() throws Exception {
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ofMinutes(5));
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);
    ImapMailServers servers = new ImapMailServers(kept);

    try (MailSource other =
            servers.source(endpoint, "bo@kept.test", "bo-pw", TIMEOUT, TIMEOUT, null);
        MailSource longer =
            servers.source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT.plusSeconds(1), null)) {
      assertThat(other.listFolders()).isNotEmpty();
      assertThat(longer.listFolders()).isNotEmpty();
      assertThat(proxy.accepted()).as("each logged in itself").isEqualTo(3);
      assertThat(kept.kept()).as("the check's session still waits for its own copy").isEqualTo(1);
      assertThat(kept.take(endpoint, LOGIN, "not-" + PASSWORD, TIMEOUT, TIMEOUT)).isEmpty();
    }
    kept.closeAll();
    awaitZero("source connections open after closing every kept session", proxy::open);
  }

  @Test
  void aSessionNoCopyTookInTimeIsLoggedOut() throws Exception {
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ZERO);
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);

    awaitZero("sessions kept", kept::kept);
    awaitZero("source connections open", proxy::open);
    try (MailSource source =
        new ImapMailServers(kept).source(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, null)) {
      assertThat(source.listFolders()).isNotEmpty();
      assertThat(proxy.accepted()).as("the late copy logged in itself").isEqualTo(2);
    }
  }

  @Test
  void aSecondCheckOfTheSameLoginLogsTheFirstOut() throws Exception {
    KeptSourceLogins kept = new KeptSourceLogins(scheduler, Duration.ofMinutes(5));
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);
    kept.check(endpoint, LOGIN, PASSWORD, TIMEOUT, TIMEOUT, true);

    assertThat(kept.kept()).isEqualTo(1);
    awaitValue("source connections open", proxy::open, 1);
    kept.closeAll();
    awaitZero("source connections open", proxy::open);
  }

  private static void awaitZero(String what, IntSupplier value) throws InterruptedException {
    awaitValue(what, value, 0);
  }

  private static void awaitValue(String what, IntSupplier value, int expected)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (value.getAsInt() != expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + ": " + value.getAsInt() + ", not " + expected);
      }
      Thread.sleep(20);
    }
  }
}
