package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.testing.InMemoryMailServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening both servers, and opening them anew after a failure, without a real server. */
class ServerConnectionsTest {

  private final InMemoryMailServer server = new InMemoryMailServer();
  private final List<String> events = new ArrayList<>();

  /** What each source log-in does in turn: null connects, an exception fails. */
  private final Deque<MessagingException> sourceLogins = new ArrayDeque<>();

  private final MailServers servers =
      new MailServers() {
        @Override
        public MailSource source(
            ServerEndpoint endpoint,
            String login,
            String password,
            Duration connect,
            Duration read,
            ProtocolTrace trace)
            throws MessagingException {
          events.add("source log-in as " + login);
          MessagingException failure = sourceLogins.poll();
          if (failure != null) {
            throw failure;
          }
          return server;
        }

        @Override
        public MailDestination destination(
            ServerEndpoint endpoint,
            String login,
            String password,
            Duration connect,
            Duration read,
            ProtocolTrace trace) {
          events.add("destination log-in as " + login);
          return server;
        }
      };

  private ServerConnections connections(int retries) {
    ServerEndpoint endpoint =
        new ServerEndpoint("imap.old.test", 993, io.mailferry.mailserver.Security.SSL, false, null);
    return new ServerConnections(
        servers,
        new ServerConnections.Login(endpoint, "kim", "secret", null),
        new ServerConnections.Login(endpoint, "kim@new.test", "secret", null),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        new ServerRetries(retries, millis -> {}, "kim@new.test"));
  }

  private static MessagingException dropped() {
    return new MessagingException("connection lost", new SocketException("Connection reset"));
  }

  @Test
  void aDroppedConnectionIsOpenedAnewAfterWhatHoldsItIsLetGoAndTheStepRunsAgain() throws Exception {
    ServerConnections connections = connections(3);
    connections.beforeReconnecting(() -> events.add("folder closed"), () -> {});
    connections.connectSource();
    int[] attempts = {0};

    String result =
        connections.onSource(
            () -> {
              if (attempts[0]++ == 0) {
                throw dropped();
              }
              return "read";
            });

    assertThat(result).isEqualTo("read");
    assertThat(events)
        .containsExactly("source log-in as kim", "folder closed", "source log-in as kim");
  }

  @Test
  void aSourceThatDropsTheConnectionDuringLoginTwiceIsTakenAsARefusedLogin() throws Exception {
    ServerConnections connections = connections(5);
    sourceLogins.add(dropped());
    sourceLogins.add(dropped());

    assertThatThrownBy(connections::connectSource).isInstanceOf(MessagingException.class);
    assertThatThrownBy(connections::connectSource)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("closed the connection during the login twice in a row");
  }

  @Test
  void givingUpSaysWhichServerFailedAndHowOften() throws Exception {
    ServerConnections connections = connections(2);
    connections.connectDestination();

    assertThatThrownBy(
            () ->
                connections.onDestination(
                    () -> {
                      throw dropped();
                    }))
        .isInstanceOf(ServerRetries.GaveUp.class)
        .hasMessageContaining("destination server")
        .hasMessageContaining("after 2 retries");
    assertThat(events).filteredOn(e -> e.startsWith("destination")).hasSize(3);
  }

  @Test
  void theLoginsNeverShowThePassword() {
    ServerConnections.Login login =
        new ServerConnections.Login(
            new ServerEndpoint(
                "imap.old.test", 993, io.mailferry.mailserver.Security.SSL, false, null),
            "kim",
            "secret",
            null);

    assertThat(login.toString()).contains("kim").doesNotContain("secret");
  }
}
