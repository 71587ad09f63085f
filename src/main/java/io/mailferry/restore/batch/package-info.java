/**
 * The Jakarta Batch job {@code mailbox-restoration}: one restoration per job execution, thin reader
 * and writer artifacts over {@link io.mailferry.restore.application.RestorationCopy}. The Batch
 * checkpoint carries nothing: the folder checkpoints in the database are the truth.
 */
package io.mailferry.restore.batch;
