package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.FlagList;
import io.mailferry.migration.application.port.MailDestination.FlagChange;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagSyncTest {

  private static MigratedMessage recorded(long uid, Long destUid, String flags) {
    return new MigratedMessage(
        null,
        UidValidity.of(7),
        Uid.of(uid),
        Fingerprint.of("<" + uid + "@x>", null, null, null, null, Instant.EPOCH, 10),
        destUid,
        flags,
        1);
  }

  @Test
  void onlyWhatChangedOnTheSourceIsSentAndRecorded() {
    MigratedMessage read = recorded(1, 101L, "\\Seen");
    MigratedMessage unchanged = recorded(2, 102L, "\\Seen $Work");
    FlagSync.Plan plan =
        FlagSync.plan(
            List.of(read, unchanged),
            Map.of(
                Uid.of(1), FlagList.parse("\\Flagged $Later"),
                Uid.of(2), FlagList.parse("$Work \\Seen")),
            true);
    assertThat(plan.changes()).containsExactly(new FlagChange(101, "$Later \\Flagged", "\\Seen"));
    assertThat(plan.updated()).containsExactly(read);
    assertThat(FlagList.toSet(FlagList.parse(read.getSourceFlags())))
        .containsExactlyInAnyOrder("\\Flagged", "$Later");
    assertThat(unchanged.getSourceFlags()).isEqualTo("\\Seen $Work");
  }

  @Test
  void recentIsNeverSentAndDeletedOnlyWhereTheDomainCopiesIt() {
    Map<Uid, Flags> now = Map.of(Uid.of(1), FlagList.parse("\\Recent \\Deleted"));
    assertThat(FlagSync.plan(List.of(recorded(1, 101L, "")), now, false).changes()).isEmpty();
    assertThat(FlagSync.plan(List.of(recorded(1, 101L, "")), now, true).changes())
        .containsExactly(new FlagChange(101, "\\Deleted", ""));
  }

  @Test
  void aMessageWithoutADestinationUidIsLeftAlone() {
    MigratedMessage noUid = recorded(1, null, "");
    FlagSync.Plan plan =
        FlagSync.plan(List.of(noUid), Map.of(Uid.of(1), FlagList.parse("\\Seen")), true);
    assertThat(plan.changes()).isEmpty();
    assertThat(noUid.getSourceFlags()).isEmpty();
  }
}
