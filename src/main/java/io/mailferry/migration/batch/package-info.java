/**
 * The Jakarta Batch job {@code mailbox-migration}: a partition per mailbox, thin reader and writer
 * artifacts over {@link io.mailferry.migration.application.MailboxCopy}. The reader's checkpoint is
 * the {@link io.mailferry.migration.application.FolderCursor} of the last chunk written; on a
 * restart it is checked against the folder checkpoints in the database, which stay the truth. A
 * chunk the source refuses to serve is skipped by the runtime and recorded by {@link
 * io.mailferry.migration.batch.UnreadableChunkListener}.
 */
package io.mailferry.migration.batch;
