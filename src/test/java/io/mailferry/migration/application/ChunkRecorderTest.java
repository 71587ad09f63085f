package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.ChunkAppender.Renumbering;
import io.mailferry.migration.application.ChunkAppender.Transfer;
import io.mailferry.migration.application.ChunkLedger.ChunkResult;
import io.mailferry.migration.application.ChunkLedger.NewError;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the ledger is told about a chunk, and what the copy then knows of its folder. */
class ChunkRecorderTest {

  private final List<ChunkResult> chunks = new ArrayList<>();
  private final List<long[]> renumbered = new ArrayList<>();
  private final ChunkRecorder recorder =
      new ChunkRecorder(
          new ChunkRecorder.Ledger() {
            @Override
            public void renumber(long recordId, UidValidity uidValidity, Uid uid) {
              renumbered.add(new long[] {recordId, uidValidity.value(), uid.value()});
            }

            @Override
            public void recordChunk(ChunkResult chunk) {
              chunks.add(chunk);
            }
          },
          9,
          3);

  private static FolderBatch batch(FolderState folder, long validity, long... uids) {
    List<FolderBatch.Entry> entries = new ArrayList<>();
    for (long uid : uids) {
      entries.add(
          new FolderBatch.Entry(
              new MessageRef(
                  Uid.of(uid),
                  new Flags(),
                  EngineFixtures.DATE,
                  100,
                  null,
                  null,
                  new Fingerprint(String.format("%064x", uid))),
              null,
              null,
              null));
    }
    return new FolderBatch(folder, UidValidity.of(validity), entries, false, false);
  }

  private static NewError refusal(long uid) {
    return new NewError(uid, null, null, 100L, "refused", MessageErrorKind.REFUSED);
  }

  @Test
  void aChunkMovesTheCheckpointToItsLastUidAndTheDestinationMarkWithIt() {
    FolderState folder = new FolderState(4, "INBOX", null, null);

    recorder.record(
        batch(folder, 11, 5, 6, 8),
        new Transfer(List.of(), List.of(), List.of(), 3, 300, 0, 21L, 4L));

    ChunkResult chunk = chunks.get(0);
    assertThat(chunk.checkpointId()).isEqualTo(4);
    assertThat(chunk.migrationId()).isEqualTo(9);
    assertThat(chunk.runNumber()).isEqualTo(3);
    assertThat(chunk.lastUid()).isEqualTo(8);
    assertThat(chunk.uidValidity()).isEqualTo(11L);
    assertThat(folder.lastUid).isEqualTo(8);
    assertThat(folder.uidValidity).isEqualTo(11L);
    assertThat(folder.destUidNext).isEqualTo(4L);
    assertThat(folder.destUidValidity).isEqualTo(21L);
    assertThat(recorder.copiedMessages()).isEqualTo(3);
  }

  @Test
  void aNewUidValidityStartsTheFoldersCursorAgainFromItsChunk() {
    FolderState folder = new FolderState(4, "INBOX", null, null);
    folder.uidValidity = 11L;
    folder.lastUid = 900;

    recorder.record(batch(folder, 12, 1, 2), Transfer.nothing());

    assertThat(folder.uidValidity).isEqualTo(12L);
    assertThat(folder.lastUid).isEqualTo(2);
  }

  @Test
  void renumberingsGoToTheLedgerAndRefusalsAreCountedForTheRunsLimit() {
    FolderState folder = new FolderState(4, "INBOX", null, null);

    recorder.record(
        batch(folder, 11, 1, 2, 3),
        new Transfer(
            List.of(),
            List.of(refusal(1), refusal(2)),
            List.of(new Renumbering(70, Uid.of(3))),
            0,
            0,
            0,
            null,
            null));

    assertThat(renumbered).hasSize(1);
    assertThat(renumbered.get(0)).containsExactly(70, 11, 3);
    assertThat(recorder.refused()).isEqualTo(2);
    assertThat(chunks.get(0).errors()).hasSize(2);
  }

  @Test
  void theRunsSummarySaysHowMuchWasCopiedAndHowFast() {
    FolderState folder = new FolderState(4, "INBOX", null, null);
    recorder.record(
        batch(folder, 11, 1, 2),
        new Transfer(List.of(), List.of(), List.of(), 2, 3 * 1_048_576, 0, null, null));

    assertThat(recorder.summary(Duration.ofSeconds(2)))
        .isEqualTo("Completed: 2 messages (3.0 MB) copied in this run, 1 messages/s");
  }
}
