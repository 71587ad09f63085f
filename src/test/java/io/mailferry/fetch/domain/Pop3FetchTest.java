package io.mailferry.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.mailserver.Security;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Pop3FetchTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static Pop3Settings settings() {
    return new Pop3Settings(
        " Ann@Example.ORG ", "pop.example.org", 995, Security.SSL, false, "ann", null, true, null);
  }

  @Test
  void settingsDefaultToInboxAndALowerCaseAddress() {
    assertThat(settings().folder()).isEqualTo("INBOX");
    assertThat(settings().email()).isEqualTo("ann@example.org");
    assertThat(Pop3Settings.defaultPort(Security.SSL)).isEqualTo(995);
    assertThat(Pop3Settings.defaultPort(Security.STARTTLS)).isEqualTo(110);
  }

  @Test
  void plaintextIsRefusedUnlessTheAdminAllowsIt() {
    assertThatThrownBy(
            () ->
                new Pop3Settings(
                    "a@b.c", "pop.example.org", 110, Security.NONE, false, "a", null, true, null))
        .hasMessageContaining("plaintext POP3");
    assertThat(
            new Pop3Settings(
                    "a@b.c", "pop.example.org", 110, Security.NONE, true, "a", null, true, null)
                .allowPlaintext())
        .isTrue();
  }

  @Test
  void aRepeatingFetchIsDueItsMinutesAfterTheLastRunEnded() {
    Pop3Fetch fetch = new Pop3Fetch(settings(), "sealed", 15, NOW);
    fetch.running("Connecting", NOW);
    fetch.finished(FetchStatus.COMPLETED, "done", NOW.plusSeconds(60));

    assertThat(fetch.getNextRun()).isEqualTo(NOW.plusSeconds(60 + 15 * 60));
    assertThat(fetch.isDue(NOW.plusSeconds(60 + 15 * 60 - 1))).isFalse();
    assertThat(fetch.isDue(NOW.plusSeconds(60 + 15 * 60))).isTrue();
  }

  @Test
  void turningTheRepeatOffLeavesNoNextRun() {
    Pop3Fetch fetch = new Pop3Fetch(settings(), "sealed", 15, NOW);
    fetch.running("Connecting", NOW);
    fetch.finished(FetchStatus.COMPLETED, "done", NOW);

    fetch.repeat(null, NOW);

    assertThat(fetch.getNextRun()).isNull();
    assertThat(fetch.isDue(NOW.plusSeconds(86_400))).isFalse();
  }

  @Test
  void aRunIsRefusedWhileOneIsUnderWayAndRepeatsAreBounded() {
    Pop3Fetch fetch = new Pop3Fetch(settings(), "sealed", null, NOW);
    assertThatThrownBy(() -> fetch.queue(NOW)).hasMessageContaining("already QUEUED");
    assertThatThrownBy(() -> fetch.repeat(0, NOW)).hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> Pop3Fetch.checkedRepeat(Pop3Fetch.MAX_REPEAT_MINUTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachRunCountsItsOwnMessagesAndTheTotalsAddUp() {
    Pop3Fetch fetch = new Pop3Fetch(settings(), "sealed", null, NOW);
    fetch.running("Connecting", NOW);
    fetch.fetched(3, 300, NOW);
    fetch.finished(FetchStatus.COMPLETED, "done", NOW);
    fetch.queue(NOW);
    fetch.running("Connecting", NOW);
    fetch.fetched(1, 100, NOW);

    assertThat(fetch.getLastRunFetched()).isEqualTo(1);
    assertThat(fetch.getMessagesFetched()).isEqualTo(4);
    assertThat(fetch.getBytesFetched()).isEqualTo(400);
    assertThat(fetch.getRuns()).isEqualTo(2);
  }

  @Test
  void aRunThatWaitedForTheLoadGateInTheMiddleIsStillOneRun() {
    Pop3Fetch fetch = new Pop3Fetch(settings(), "sealed", null, NOW);
    fetch.running("Connecting", NOW);
    fetch.fetched(50, 5000, NOW);
    fetch.waiting("Waiting for the server load to drop", NOW.plusSeconds(1));
    fetch.running("Connecting", NOW.plusSeconds(30));
    fetch.fetched(10, 1000, NOW.plusSeconds(31));

    assertThat(fetch.getRuns()).isEqualTo(1);
    assertThat(fetch.getLastRunFetched()).isEqualTo(60);
    assertThat(fetch.getLastRunStarted()).isEqualTo(NOW);
  }
}
