package io.mailferry.restore.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.domain.Fingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissingMessagesTest {

  private static final Fingerprint A = fingerprint("a");
  private static final Fingerprint B = fingerprint("b");
  private static final Fingerprint C = fingerprint("c");
  private static final Fingerprint D = fingerprint("d");

  @Test
  void onlyWhatTheDestinationLacksIsAppended() {
    MissingMessages missing = new MissingMessages(items(A, B, C, D), counts(B, D), 0);

    MissingMessages.Taken taken = missing.next(100, Long.MAX_VALUE);

    assertThat(positions(taken.toAppend())).containsExactly(1L, 3L);
    assertThat(taken.present()).isEqualTo(2);
    assertThat(taken.doneThrough()).isEqualTo(4);
    assertThat(taken.last()).isTrue();
  }

  @Test
  void aMessageTheSourceHoldsTwiceIsAppendedAsOftenAsItIsMissing() {
    MissingMessages missing = new MissingMessages(items(A, A, A), counts(A), 0);

    MissingMessages.Taken taken = missing.next(100, Long.MAX_VALUE);

    assertThat(positions(taken.toAppend())).containsExactly(2L, 3L);
    assertThat(taken.present()).isEqualTo(1);
  }

  @Test
  void chunksEndAtTheMessageCountAndTheCheckpointFollowsThem() {
    MissingMessages missing = new MissingMessages(items(A, B, C, D), Map.of(), 0);

    MissingMessages.Taken first = missing.next(3, Long.MAX_VALUE);
    MissingMessages.Taken second = missing.next(3, Long.MAX_VALUE);

    assertThat(positions(first.toAppend())).containsExactly(1L, 2L, 3L);
    assertThat(first.doneThrough()).isEqualTo(3);
    assertThat(first.last()).isFalse();
    assertThat(positions(second.toAppend())).containsExactly(4L);
    assertThat(second.last()).isTrue();
    assertThat(missing.hasMore()).isFalse();
  }

  @Test
  void aResumedFolderRecognisesWhatWasAppendedAfterItsLastCheckpoint() {
    // run one recorded A, B (checkpoint 2), appended C and crashed before recording it
    MissingMessages missing = new MissingMessages(items(A, B, C, D), counts(A, B, C), 2);

    MissingMessages.Taken taken = missing.next(100, Long.MAX_VALUE);

    assertThat(positions(taken.toAppend())).containsExactly(4L);
    assertThat(taken.present()).isEqualTo(1);
  }

  @Test
  void copiesMatchedBeforeTheCheckpointAreSpokenFor() {
    // A twice in the source; the first was appended before the checkpoint, the second not yet
    MissingMessages missing = new MissingMessages(items(A, B, A), counts(A), 2);

    assertThat(positions(missing.next(100, Long.MAX_VALUE).toAppend())).containsExactly(3L);
  }

  @Test
  void aChunkStopsBeforeItsBytesGrowTooLarge() {
    MissingMessages missing = new MissingMessages(items(A, B, C), Map.of(), 0);

    assertThat(positions(missing.next(100, 250).toAppend())).containsExactly(1L, 2L);
  }

  private static List<SourceItem> items(Fingerprint... fingerprints) {
    List<SourceItem> items = new ArrayList<>();
    for (int i = 0; i < fingerprints.length; i++) {
      items.add(new SourceItem(i + 1, fingerprints[i], 100, "m" + (i + 1)));
    }
    return items;
  }

  private static Map<Fingerprint, Integer> counts(Fingerprint... fingerprints) {
    Map<Fingerprint, Integer> counts = new HashMap<>();
    for (Fingerprint f : fingerprints) {
      counts.merge(f, 1, Integer::sum);
    }
    return counts;
  }

  private static List<Long> positions(List<SourceItem> items) {
    return items.stream().map(SourceItem::position).toList();
  }

  private static Fingerprint fingerprint(String id) {
    return Fingerprint.of(id + "@test", null, null, null, null, Instant.EPOCH, 100);
  }
}
