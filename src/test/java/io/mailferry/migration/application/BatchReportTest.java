package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReportTest {

  @Test
  void eachMailboxIsALineWithItsOutcomeAndAQuotedReason() {
    String csv =
        BatchReport.csv(
            List.of(
                new BatchView.Member(
                    2,
                    "alice@example.org",
                    1,
                    "COMPLETED",
                    "Completed",
                    120,
                    120,
                    4096,
                    4096,
                    1,
                    0,
                    7L),
                new BatchView.Member(
                    3,
                    "bob@example.org",
                    1,
                    "ERROR",
                    "The source refused \"bob\", twice",
                    0,
                    10,
                    0,
                    100,
                    0,
                    2,
                    7L)));

    assertThat(csv)
        .isEqualTo(
            "line,email,status,messages,bytes,skipped,refused,reason\r\n"
                + "2,alice@example.org,COMPLETED,120,4096,1,0,\r\n"
                + "3,bob@example.org,ERROR,0,0,0,2,\"The source refused \"\"bob\"\", twice\"\r\n");
  }

  @Test
  void skippedMessagesAreToldFromRefusedOnes() {
    assertThat(MessageErrors.isSkip("deleted on the source")).isTrue();
    assertThat(MessageErrors.isSkip("larger than the domain's maximum message size (9 > 8 bytes)"))
        .isTrue();
    assertThat(MessageErrors.isSkip("the destination refused it: [OVERQUOTA]")).isFalse();
  }
}
