package io.mailferry.migration.batch;

import io.mailferry.migration.application.MigrationProgress;
import io.mailferry.migration.application.UnreadableChunkException;
import io.mailferry.migration.application.UnreadableChunks;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.listener.ChunkListener;
import jakarta.batch.api.chunk.listener.SkipReadListener;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A chunk the source server refused to serve is skipped by the runtime ({@link
 * UnreadableChunkException} is a skippable exception of the step): its messages are recorded here,
 * in the skipping chunk's transaction, as not served. Past the step's skip limit the runtime fails
 * the partition instead, and the mailbox stops saying so.
 */
@Dependent
@Named
public class UnreadableChunkListener implements SkipReadListener, ChunkListener {

  @Inject @BatchProperty String migrationId;

  @Inject UnreadableChunks chunks;
  @Inject MigrationProgress progress;

  @Override
  public void onSkipReadItem(Exception skipped) {
    if (skipped instanceof UnreadableChunkException chunk) {
      chunks.record(Long.parseLong(migrationId), chunk);
    }
  }

  @Override
  public void beforeChunk() {}

  @Override
  public void afterChunk() {}

  /** A refused chunk that reaches here was one too many for the skip limit. */
  @Override
  public void onError(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnreadableChunkException refused) {
        progress.failed(
            Long.parseLong(migrationId),
            "Stopped: the source server refused to serve too many chunks (the job's skip limit);"
                + " the last: "
                + refused.getMessage());
        return;
      }
    }
  }
}
