package io.mailferry.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArrivalDateTest {

  private static final Instant FETCHED = Instant.parse("2026-12-02T10:11:12.345Z");

  @Test
  void theTopMostReceivedHeaderGivesTheDateTheLastServerTookTheMessage() {
    Instant date =
        ArrivalDate.of(
            new String[] {
              "from mx.example.org (mx [192.0.2.1])\r\n\tby pop.example.org with ESMTP id 1;\r\n"
                  + "\tTue, 1 Dec 2026 09:30:05 +0100",
              "from relay by mx.example.org; Tue, 1 Dec 2026 08:00:00 +0000"
            },
            "Mon, 30 Nov 2026 07:59:00 +0000",
            FETCHED);

    assertThat(date).isEqualTo(Instant.parse("2026-12-01T08:30:05Z"));
  }

  @Test
  void withoutAReadableReceivedHeaderTheDateHeaderCounts() {
    Instant date =
        ArrivalDate.of(
            new String[] {"from somewhere without a date"},
            "Mon, 30 Nov 2026 07:59:00 +0000",
            FETCHED);

    assertThat(date).isEqualTo(Instant.parse("2026-11-30T07:59:00Z"));
  }

  @Test
  void withoutAnyDateTheMomentOfTheFetchCountsInWholeSeconds() {
    assertThat(ArrivalDate.of(null, "not a date", FETCHED))
        .isEqualTo(Instant.parse("2026-12-02T10:11:12Z"));
  }
}
