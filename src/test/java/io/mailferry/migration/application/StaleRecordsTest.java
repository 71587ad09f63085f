package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which records name a message copied before its folder's UIDVALIDITY changed. */
class StaleRecordsTest {

  private static final Fingerprint ONE = new Fingerprint("1".repeat(64));
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger lookedUp = new AtomicInteger();

  private StaleRecords stale(boolean any, List<MigratedMessage> records) {
    return new StaleRecords(
        new StaleRecords.Lookup() {
          @Override
          public boolean hasRecordsOutside(long checkpointId, long uidValidity) {
            asked.incrementAndGet();
            return any;
          }

          @Override
          public Map<String, List<MigratedMessage>> recordsByFingerprint(
              long checkpointId, Collection<String> fingerprints) {
            lookedUp.incrementAndGet();
            return Map.of(ONE.value(), records);
          }
        });
  }

  private static FolderBatch batch(FolderState folder) {
    return new FolderBatch(
        folder,
        UidValidity.of(20),
        List.of(
            new FolderBatch.Entry(
                new MessageRef(Uid.of(1), new Flags(), EngineFixtures.DATE, 10, null, null, ONE),
                null,
                null,
                null)),
        false,
        false);
  }

  private static MigratedMessage record(long uidValidity) {
    return new MigratedMessage(null, UidValidity.of(uidValidity), Uid.of(5), ONE, 3L, "", 1);
  }

  @Test
  void aFolderWithoutRecordsOfAnotherUidValidityIsAskedOncePerRunAndNeverLookedUp() {
    StaleRecords stale = stale(false, List.of());
    FolderState folder = new FolderState(1, "INBOX", null, null);

    assertThat(stale.knownNone(folder)).isFalse();
    assertThat(stale.of(batch(folder))).isEmpty();
    assertThat(stale.of(batch(folder))).isEmpty();

    assertThat(asked).hasValue(1);
    assertThat(lookedUp).hasValue(0);
    assertThat(stale.knownNone(folder)).isTrue();
  }

  @Test
  void onlyRecordsOfAnEarlierUidValidityAreStale() {
    StaleRecords stale = stale(true, List.of(record(10), record(20)));
    FolderState folder = new FolderState(1, "INBOX", null, null);

    Map<String, List<MigratedMessage>> found = stale.of(batch(folder));

    assertThat(found.get(ONE.value()))
        .extracting(MigratedMessage::getUidValidity)
        .containsExactly(10L);
    assertThat(stale.knownNone(folder)).isFalse();
  }
}
