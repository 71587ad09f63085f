package io.mailferry.migration.batch;

import io.mailferry.migration.application.FolderBatch;
import io.mailferry.migration.application.FolderCursor;
import io.mailferry.migration.application.MailboxCopy;

/**
 * What the reader and the writer of one partition share through the step's transient user data: the
 * mailbox's copy, and the cursor of the last chunk the writer wrote (the reader's checkpoint).
 */
final class PartitionCopy {

  final MailboxCopy copy;
  private volatile FolderCursor cursor;

  PartitionCopy(MailboxCopy copy, FolderCursor cursor) {
    this.copy = copy;
    this.cursor = cursor;
  }

  /** Appends and records the chunk, then moves the cursor past it. */
  void write(FolderBatch batch) {
    FolderCursor next = FolderCursor.after(batch, cursor);
    copy.write(batch);
    cursor = next;
  }

  FolderCursor cursor() {
    return cursor;
  }
}
