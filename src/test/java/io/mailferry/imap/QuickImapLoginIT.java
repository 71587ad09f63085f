package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.testing.CountingProxy;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.RefusingImapProxy;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Logging in to Dovecot: one round trip where the server takes the credentials with the command
 * (SASL-IR), the usual two where it does not; a wrong password is refused the same way. Closing
 * does not wait for the server's goodbye.
 */
class QuickImapLoginIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String USER = "login@example.test";
  private static final String PASSWORD = "login-secret-pw";

  @Test
  void aServerThatTakesAnInitialResponseIsLoggedInToInOneRoundTrip() throws Exception {
    try (DovecotServer server = DovecotServer.builder("onetrip").start()) {
      server.addUser(USER, PASSWORD);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (Store store = connect(server.imapPort(), PASSWORD, lines)) {
        assertThat(inboxMessages(store)).isZero();
      }
      String log = String.join("\n", lines);
      assertThat(log)
          .containsPattern("source S: \\* OK \\[CAPABILITY .*SASL-IR")
          .containsPattern("source C: \\S+ AUTHENTICATE •••")
          .doesNotContain(PASSWORD, base64Credentials());
      assertThat(lines)
          .as("no continuation asked for: the credentials went with the command")
          .noneMatch(line -> line.startsWith("source S: +"));
      assertThat(lines.stream().filter(line -> line.startsWith("source C: ")).findFirst())
          .as("the first command")
          .hasValueSatisfying(line -> assertThat(line).contains("AUTHENTICATE"));

      assertThatThrownBy(() -> connect(server.imapPort(), "not-the-password", null))
          .isInstanceOf(AuthenticationFailedException.class);
    }
  }

  @Test
  void aServerWithoutInitialResponsesIsLoggedInToTheUsualWay() throws Exception {
    try (DovecotServer server = DovecotServer.builder("twotrips").start();
        RefusingImapProxy proxy = new RefusingImapProxy(server.imapPort())) {
      server.addUser(USER, PASSWORD);
      proxy.hideCapability("SASL-IR");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (Store store = connect(proxy.port(), PASSWORD, lines)) {
        assertThat(inboxMessages(store)).isZero();
      }
      assertThat(lines)
          .noneMatch(line -> line.startsWith("source S: ") && line.contains("SASL-IR"))
          .anyMatch(line -> line.matches("source C: \\S+ AUTHENTICATE •••"))
          .as("the server's go-ahead for the credentials")
          .anyMatch(line -> line.startsWith("source S: +"));
      assertThat(String.join("\n", lines)).doesNotContain(PASSWORD, base64Credentials());

      assertThatThrownBy(() -> connect(proxy.port(), "not-the-password", null))
          .isInstanceOf(AuthenticationFailedException.class);
    }
  }

  /** The read timeout is far longer than the test's own: closing must not wait for the server. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void closingSendsLogoutWithoutWaitingForTheServersGoodbye() throws Exception {
    try (DovecotServer server = DovecotServer.builder("logout").start();
        CountingProxy proxy = new CountingProxy(DovecotServer.HOST, server.imapPort())) {
      server.addUser(USER, PASSWORD);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      Store store =
          MailSessions.connect(
              new ServerEndpoint(DovecotServer.HOST, proxy.port(), Security.NONE, true, null),
              USER,
              PASSWORD,
              TIMEOUT,
              Duration.ofMinutes(30),
              new ProtocolTrace("source", lines::add));
      assertThat(inboxMessages(store)).isZero();
      proxy.hold();
      store.close();

      assertThat(store.isConnected()).isFalse();
      assertThat(lines).anyMatch(line -> line.matches("source C: \\S+ LOGOUT"));
      assertThat(lines).noneMatch(line -> line.startsWith("source S: * BYE"));
    }
  }

  private static Store connect(int port, String password, List<String> trace) throws Exception {
    return MailSessions.connect(
        new ServerEndpoint(DovecotServer.HOST, port, Security.NONE, true, null),
        USER,
        password,
        TIMEOUT,
        TIMEOUT,
        trace == null ? null : new ProtocolTrace("source", trace::add));
  }

  private static int inboxMessages(Store store) throws Exception {
    Folder inbox = store.getFolder("INBOX");
    inbox.open(Folder.READ_ONLY);
    try {
      return inbox.getMessageCount();
    } finally {
      inbox.close(false);
    }
  }

  private static String base64Credentials() {
    return Base64.getEncoder()
        .encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }
}
