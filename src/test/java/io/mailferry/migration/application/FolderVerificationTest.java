package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderVerificationTest {

  @Test
  void everyRecordedMessageThereAndNothingOutstandingIsVerified() {
    FolderVerification.Outcome outcome =
        FolderVerification.judge(List.of(4L, 5L, 6L), Set.of(1L, 2L, 3L, 4L, 5L, 6L), 0);
    assertThat(outcome.problem()).isNull();
    assertThat(outcome.vanished()).isEmpty();
  }

  @Test
  void aRecordedMessageTheDestinationNoLongerHoldsIsForgottenAndReported() {
    FolderVerification.Outcome outcome =
        FolderVerification.judge(List.of(4L, 5L, 6L), Set.of(4L, 6L), 0);
    assertThat(outcome.vanished()).containsExactly(5L);
    assertThat(outcome.problem())
        .isEqualTo("1 messages copied in this run are no longer on the destination");
  }

  @Test
  void outstandingSourceMessagesAndTooFewUnnumberedCopiesAreReported() {
    FolderVerification.Outcome outcome =
        FolderVerification.judge(Arrays.asList(null, null, null), Set.of(9L), 2);
    assertThat(outcome.vanished()).isEmpty();
    assertThat(outcome.problem())
        .isEqualTo(
            "2 source messages are not on the destination (see the errors); the destination"
                + " holds 1 messages, fewer than the 3 copied in this run");
  }
}
