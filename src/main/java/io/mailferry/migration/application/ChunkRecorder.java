package io.mailferry.migration.application;

import io.mailferry.migration.application.ChunkAppender.Renumbering;
import io.mailferry.migration.application.ChunkAppender.Transfer;
import io.mailferry.migration.application.ChunkLedger.ChunkResult;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import java.time.Duration;

/**
 * Records what a chunk did and moves its folder's checkpoint, in the chunk's transaction; then
 * brings the folder's state in memory up to what was committed, and counts the run's totals.
 */
final class ChunkRecorder {

  /** Where chunks are recorded: the chunk's transaction. */
  interface Ledger {
    void renumber(long recordId, UidValidity uidValidity, Uid uid);

    void recordChunk(ChunkResult chunk);
  }

  private final Ledger ledger;
  private final long migrationId;
  private final int run;
  private long copiedMessages;
  private long copiedBytes;
  private int refused;

  ChunkRecorder(Ledger ledger, long migrationId, int run) {
    this.ledger = ledger;
    this.migrationId = migrationId;
    this.run = run;
  }

  void record(FolderBatch batch, Transfer transfer) {
    FolderState folder = batch.folder;
    for (Renumbering renumbering : transfer.renumbered()) {
      ledger.renumber(renumbering.recordId(), batch.uidValidity, renumbering.uid());
    }
    long lastUid =
        batch.entries.isEmpty()
            ? 0
            : batch.entries.get(batch.entries.size() - 1).ref().uid().value();
    ledger.recordChunk(
        new ChunkResult(
            folder.checkpointId,
            migrationId,
            batch.uidValidity == null ? null : batch.uidValidity.value(),
            lastUid,
            transfer.records(),
            transfer.errors(),
            transfer.messages(),
            transfer.bytes(),
            transfer.destUidValidity(),
            transfer.destUidNext(),
            batch.endOfFolder,
            folder.displayName,
            batch.highestModseq,
            run,
            transfer.foundOnDestination(),
            batch.verification));
    refused +=
        (int) transfer.errors().stream().filter(e -> e.kind() == MessageErrorKind.REFUSED).count();
    if (batch.uidValidity != null) {
      if (batch.uidValidity.differsFrom(folder.uidValidity)) {
        folder.lastUid = 0;
      }
      folder.uidValidity = batch.uidValidity.value();
    }
    folder.lastUid = Math.max(folder.lastUid, lastUid);
    if (transfer.destUidNext() != null) {
      folder.destUidNext = transfer.destUidNext();
      folder.destUidValidity = transfer.destUidValidity();
    }
    copiedMessages += transfer.messages();
    copiedBytes += transfer.bytes();
  }

  /** Messages the destination refused in this run. */
  int refused() {
    return refused;
  }

  long copiedMessages() {
    return copiedMessages;
  }

  /** The run's line for the status page. */
  String summary(Duration elapsed) {
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    return String.format(
        "Completed: %d messages (%.1f MB) copied in this run, %.0f messages/s",
        copiedMessages, copiedBytes / 1_048_576.0, copiedMessages / seconds);
  }
}
