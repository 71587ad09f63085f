package io.mailferry.migration.application;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.FlagList;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.ChunkLedger.NewError;
import io.mailferry.migration.application.ChunkLedger.NewRecord;
import io.mailferry.migration.application.port.FolderStatus;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Appends the messages of a chunk that the destination lacks, and says what it did. Uses the
 * destination and memory only: the database is written by {@link ChunkRecorder} in the chunk's
 * transaction, so an append done ahead of that transaction is safe (a crash in between leaves
 * messages that {@link DestinationRecovery} recognises on the next run).
 */
final class ChunkAppender {

  /** What appending a chunk did, to be recorded in the chunk's transaction. */
  record Transfer(
      List<NewRecord> records,
      List<NewError> errors,
      List<Renumbering> renumbered,
      long messages,
      long bytes,
      long foundOnDestination,
      Long destUidValidity,
      Long destUidNext) {

    static Transfer nothing() {
      return new Transfer(List.of(), List.of(), List.of(), 0, 0, 0, null, null);
    }
  }

  /** A record made under an earlier UIDVALIDITY that names this message now. */
  record Renumbering(long recordId, Uid uid) {}

  /** Checks, before anything is written, that this instance still holds the mailbox. */
  interface Fence {
    void beforeWrite();
  }

  private final Supplier<MailDestination> destination;
  private final DestinationRecovery recovery;
  private final Fence fence;
  private final boolean copyDeleted;

  ChunkAppender(
      Supplier<MailDestination> destination,
      DestinationRecovery recovery,
      Fence fence,
      boolean copyDeleted) {
    this.destination = destination;
    this.recovery = recovery;
    this.fence = fence;
    this.copyDeleted = copyDeleted;
  }

  /**
   * Appends the batch's messages that are neither named by a record of an earlier UIDVALIDITY
   * ({@code stale}, consumed here) nor found unrecorded on the destination after a crash.
   */
  Transfer append(FolderBatch batch, Map<String, List<MigratedMessage>> stale)
      throws MessagingException {
    fence.beforeWrite();
    FolderState folder = batch.folder;
    if (!folder.selectable) {
      return Transfer.nothing();
    }
    List<Renumbering> renumbered = new ArrayList<>();
    List<NewRecord> records = new ArrayList<>();
    List<NewError> errors = new ArrayList<>();
    List<MessageRef> toAppend = new ArrayList<>();
    List<OutgoingMessage> outgoing = new ArrayList<>();
    long messages = 0;
    long bytes = 0;
    long foundThere = 0;
    for (FolderBatch.Entry entry : batch.entries) {
      MessageRef ref = entry.ref();
      if (entry.content() == null) {
        errors.add(error(ref, entry.skipReason(), entry.skipKind()));
        continue;
      }
      List<MigratedMessage> known = stale.get(ref.fingerprint().value());
      if (known != null && !known.isEmpty()) {
        renumbered.add(new Renumbering(known.remove(0).getId(), ref.uid()));
        continue;
      }
      Long found = recovery.takeUnrecorded(ref.fingerprint());
      if (found != null) {
        records.add(record(batch, ref, found));
        messages++;
        bytes += ref.size();
        foundThere++;
        continue;
      }
      toAppend.add(ref);
      outgoing.add(
          new OutgoingMessage(
              entry.content(),
              FlagList.forAppend(ref.flags(), copyDeleted),
              ref.internalDate(),
              ref.fingerprint()));
    }
    Long destUidNext = null;
    Long destUidValidity = folder.destUidValidity;
    if (!toAppend.isEmpty()) {
      List<AppendOutcome> outcomes = destination.get().append(folder.destinationName, outgoing);
      long highest = 0;
      boolean allKnown = true;
      for (int i = 0; i < toAppend.size(); i++) {
        MessageRef ref = toAppend.get(i);
        AppendOutcome outcome = outcomes.get(i);
        if (outcome.isAppended()) {
          records.add(record(batch, ref, outcome.uid()));
          messages++;
          bytes += ref.size();
          if (outcome.uid() == null) {
            allKnown = false;
          } else {
            highest = Math.max(highest, outcome.uid());
          }
        } else {
          errors.add(
              error(
                  ref,
                  "refused by the destination: " + outcome.rejection(),
                  MessageErrorKind.REFUSED));
        }
      }
      if (allKnown && highest > 0) {
        destUidNext = highest + 1;
      } else {
        FolderStatus status = destination.get().status(folder.destinationName);
        destUidValidity = status.uidValidity();
        destUidNext = status.uidNext();
      }
    }
    return new Transfer(
        records, errors, renumbered, messages, bytes, foundThere, destUidValidity, destUidNext);
  }

  private static NewRecord record(FolderBatch batch, MessageRef ref, Long destUid) {
    return new NewRecord(
        batch.uidValidity, ref.uid(), ref.fingerprint(), destUid, FlagList.format(ref.flags()));
  }

  private static NewError error(MessageRef ref, String reason, MessageErrorKind kind) {
    return new NewError(
        ref.uid().value(), ref.messageId(), ref.subject(), ref.size(), reason, kind);
  }
}
