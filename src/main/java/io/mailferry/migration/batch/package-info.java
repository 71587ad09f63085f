/**
 * The Jakarta Batch job {@code mailbox-migration}: a partition per mailbox, thin reader and writer
 * artifacts over {@link io.mailferry.migration.application.MailboxCopy}. The Batch checkpoint
 * carries nothing of its own: the folder checkpoints in the database are the truth.
 */
package io.mailferry.migration.batch;
