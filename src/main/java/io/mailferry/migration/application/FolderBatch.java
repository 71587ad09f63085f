package io.mailferry.migration.application;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.SkipRule;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Flags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One chunk of one folder: the messages read from the source with their raw contents, those
 * deliberately skipped, and whether the folder ends here.
 */
public final class FolderBatch implements AutoCloseable {

  /** A message read from the source; content is null when it is skipped for the given reason. */
  public record Entry(MessageRef ref, MessageContent content, String skipReason, boolean isError) {}

  final FolderState folder;
  final UidValidity uidValidity;
  final List<Entry> entries;
  final boolean endOfFolder;
  final boolean reconcile;
  /** At the end of a folder copied before: the source's current flags of changed messages. */
  Map<Uid, Flags> flagChanges = Map.of();
  Long highestModseq;
  /** Completes once this batch's messages are on the destination: the next may be appended. */
  final CompletableFuture<Void> onDestination = new CompletableFuture<>();
  /** The append of this batch done ahead by the pipeline, if it was started. */
  CompletableFuture<MailboxCopy.Transfer> transferAhead;

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

  /** The folder's checkpoint this chunk advances. */
  public long checkpointId() {
    return folder.checkpointId;
  }

  /** Messages of this chunk that a domain rule left out (see {@link SkipRule}). */
  public int skippedByRule() {
    return (int)
        entries.stream()
            .filter(e -> e.content() == null && SkipRule.of(e.skipReason()).isPresent())
            .count();
  }

  @Override
  public void close() {
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
