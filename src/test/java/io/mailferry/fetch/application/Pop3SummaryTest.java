package io.mailferry.fetch.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Pop3SummaryTest {

  @Test
  void aRunSaysWhatItFetchedAndWhatItDeleted() {
    assertThat(Pop3Summary.of(new Pop3FetchPass.Result(5, true, 3, 900, 1, 0, 4, null), false))
        .isEqualTo(
            "3 new messages fetched, 1 message of an interrupted run found on the destination;"
                + " 5 messages on the POP3 server, 4 deleted there after the append");
  }

  @Test
  void aServerWithoutUidlIsNamed() {
    assertThat(Pop3Summary.of(new Pop3FetchPass.Result(1, false, 0, 0, 0, 0, 0, null), true))
        .startsWith("No new message fetched; 1 message on the POP3 server")
        .endsWith(
            "The server has no UIDL: messages are recognised by a fingerprint of their"
                + " headers and size");
  }
}
