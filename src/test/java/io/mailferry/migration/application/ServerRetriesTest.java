package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerRetriesTest {

  private static final ServerEndpoint SOURCE =
      new ServerEndpoint("imap.example.com", 993, Security.SSL, false, null);

  private final List<Long> pauses = new ArrayList<>();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final ServerRetries retries = new ServerRetries(3, pauses::add, "kim@example.com");

  @Test
  void aDroppedConnectionIsReconnectedAndTriedAgainWithGrowingPauses() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String result =
        retries.run(
            "source",
            SOURCE,
            reconnects::incrementAndGet,
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw new MessagingException("lost", new SocketException("Connection reset"));
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(reconnects).hasValue(2);
    assertThat(pauses).containsExactly(1000L, 2000L);
  }

  @Test
  void aTemporaryRefusalIsTriedAgainToo() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    retries.run(
        "destination",
        SOURCE,
        reconnects::incrementAndGet,
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new MessagingException("A3 NO [UNAVAILABLE] try again later");
          }
          return null;
        });

    assertThat(calls).hasValue(2);
  }

  @Test
  void aRefusedLoginGivesUpAtOnceSayingWhy() {
    assertThatThrownBy(
            () ->
                retries.run(
                    "source",
                    SOURCE,
                    reconnects::incrementAndGet,
                    () -> {
                      throw new AuthenticationFailedException("[AUTHENTICATIONFAILED] no");
                    }))
        .isInstanceOf(ServerRetries.GaveUp.class)
        .hasMessageContaining("rejected the login");
    assertThat(pauses).isEmpty();
    assertThat(reconnects).hasValue(0);
  }

  @Test
  void aServerThatStaysAwayIsGoneAfterTheRetries() {
    assertThatThrownBy(
            () ->
                retries.run(
                    "source",
                    SOURCE,
                    reconnects::incrementAndGet,
                    () -> {
                      throw new MessagingException("lost", new SocketException("reset"));
                    }))
        .isInstanceOf(ServerRetries.GaveUp.class)
        .hasMessageContaining("is gone: still failing after 3 retries");
    assertThat(pauses).containsExactly(1000L, 2000L, 4000L);
  }

  @Test
  void theBackOffStopsGrowingAtAMinute() {
    assertThat(ServerRetries.backoffMillis(0)).isEqualTo(1000);
    assertThat(ServerRetries.backoffMillis(6)).isEqualTo(60_000);
    assertThat(ServerRetries.backoffMillis(40)).isEqualTo(60_000);
  }
}
