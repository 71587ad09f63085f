package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchWavesTest {

  @Test
  void mailboxesFallIntoWavesOfNInFileOrder() {
    assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> BatchWaves.waveOf(i, 2)))
        .containsExactly(0, 0, 1, 1, 2);
    assertThat(BatchWaves.waveOf(999, null)).isZero();
    assertThat(BatchWaves.count(5, 2)).isEqualTo(3);
    assertThat(BatchWaves.count(4, 2)).isEqualTo(2);
    assertThat(BatchWaves.count(7, null)).isEqualTo(1);
    assertThat(BatchWaves.count(0, 3)).isZero();
  }

  @Test
  void theOpenWaveIsTheLowestWithAnUnfinishedMailbox() {
    assertThat(BatchWaves.open(List.of(2, 1, 2))).hasValue(1);
    assertThat(BatchWaves.open(List.of())).isEmpty();
  }

  @Test
  void aWaveOfNoMailboxIsRefused() {
    assertThatThrownBy(() -> BatchWaves.waveOf(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MigrationBatch("b", null, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScheduledBatchIsDueAtItsStartTimeAndNeverWhileStopped() {
    Instant at = Instant.parse("2026-12-05T22:00:00Z");
    MigrationBatch batch = new MigrationBatch("weekend.csv", null, 100, at);

    assertThat(batch.isDue(at.minusSeconds(1))).isFalse();
    assertThat(batch.isDue(at)).isTrue();
    batch.stop();
    assertThat(batch.isDue(at.plusSeconds(60))).isFalse();
    batch.resume();
    assertThat(batch.isDue(at.plusSeconds(60))).isTrue();
  }

  @Test
  void theBatchStateFollowsItsMailboxes() {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    Map<MigrationStatus, Long> queued = Map.of(MigrationStatus.QUEUED, 3L);
    Map<MigrationStatus, Long> running =
        Map.of(MigrationStatus.RUNNING, 1L, MigrationStatus.QUEUED, 2L);
    Map<MigrationStatus, Long> done =
        Map.of(MigrationStatus.COMPLETED, 2L, MigrationStatus.ERROR, 1L);

    assertThat(BatchState.of(false, now.plusSeconds(60), now, queued))
        .isEqualTo(BatchState.SCHEDULED);
    assertThat(BatchState.of(false, null, now, queued)).isEqualTo(BatchState.RUNNING);
    assertThat(BatchState.of(true, null, now, running)).isEqualTo(BatchState.STOPPING);
    assertThat(BatchState.of(true, null, now, queued)).isEqualTo(BatchState.STOPPED);
    assertThat(BatchState.of(false, null, now, done)).isEqualTo(BatchState.FAILED);
    assertThat(BatchState.of(false, null, now, Map.of(MigrationStatus.COMPLETED, 3L)))
        .isEqualTo(BatchState.COMPLETED);
  }

  @Test
  void aMasterLoginNamesEachUser() {
    assertThat(new MasterLogin("migrator").loginFor("alice@example.org"))
        .isEqualTo("alice@example.org*migrator");
    assertThat(new MasterLogin(" admin/%u ").loginFor("alice@example.org"))
        .isEqualTo("admin/alice@example.org");
    assertThatThrownBy(() -> new MasterLogin(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
