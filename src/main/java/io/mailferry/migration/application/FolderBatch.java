package io.mailferry.migration.application;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One chunk of one folder: the messages read from the source with their raw contents, those
 * deliberately skipped, and whether the folder ends here.
 */
public final class FolderBatch implements AutoCloseable {

  /** A message read from the source; content is null when it is left out for the given reason. */
  public record Entry(
      MessageRef ref, MessageContent content, String skipReason, MessageErrorKind skipKind) {}

  final FolderState folder;
  final UidValidity uidValidity;
  final List<Entry> entries;
  final boolean endOfFolder;
  final boolean reconcile;

  /** At the end of a folder copied before: the source's current flags of changed messages. */
  Map<Uid, Flags> flagChanges = Map.of();

  Long highestModseq;

  /** At the end of a folder: how many messages the source folder holds. */
  long sourceMessages = -1;

  /**
   * At the end of a folder: every UID the source folder held when its end was read (under {@link
   * #uidValidity}), listed by the read ahead while the last chunk is appended; null when not
   * listed.
   */
  List<Uid> sourceUids;

  /**
   * At the end of a folder read ahead: the next folder's first chunk, read right after it on the
   * same connection; null when not read.
   */
  FolderBatch following;

  /** For a folder's end: the next folder was opened ahead, right after this folder was read. */
  boolean nextOpenedAhead;

  /** At the end of a folder: what the writer's verification found. */
  ChunkLedger.Verification verification;

  /** Completes once this batch's messages are on the destination: the next may be appended. */
  final CompletableFuture<Void> onDestination = new CompletableFuture<>();

  /** The append of this batch done ahead by the pipeline, if it was started. */
  CompletableFuture<ChunkAppender.Transfer> transferAhead;

  FolderBatch(
      FolderState folder,
      UidValidity uidValidity,
      List<Entry> entries,
      boolean endOfFolder,
      boolean reconcile) {
    this.folder = folder;
    this.uidValidity = uidValidity;
    this.entries = entries;
    this.endOfFolder = endOfFolder;
    this.reconcile = reconcile;
  }

  public int size() {
    return entries.size();
  }

  @Override
  public void close() {
    if (following != null) {
      following.close();
      following = null;
    }
    for (Entry entry : entries) {
      if (entry.content() != null) {
        entry.content().close();
      }
    }
  }

  @Override
  public String toString() {
    return folder.displayName + ": " + entries.size() + " messages" + (endOfFolder ? " (end)" : "");
  }
}
