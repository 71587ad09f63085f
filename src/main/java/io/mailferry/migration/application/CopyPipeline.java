package io.mailferry.migration.application;

import io.mailferry.migration.application.ChunkAppender.Transfer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The pipeline that keeps both servers busy: while the writer records a chunk, the next one is read
 * from the source and, as soon as the chunk before is on the destination, appended there. The only
 * part of the copy with threads of its own; without an executor every chunk is read and appended by
 * the batch thread. A chunk appended ahead but not yet recorded is found on the destination by the
 * next run (see {@link DestinationRecovery}), so a crash at any point leaves no duplicate.
 */
final class CopyPipeline {

  /**
   * Reading the next chunk from the source; a chunk whose content is appended while it is read is
   * given to {@code handOver} first.
   */
  interface Read {
    FolderBatch next(Consumer<FolderBatch> handOver) throws Exception;
  }

  private final Executor executor;
  private CompletableFuture<FolderBatch> readAhead;
  private CompletableFuture<FolderBatch> handedOver;
  private CompletableFuture<Transfer> transferAhead;
  private Exception readFailure;
  private Exception transferFailure;

  /**
   * @param executor the pipeline's threads, or null for none
   */
  CopyPipeline(Executor executor) {
    this.executor = executor;
  }

  /**
   * Starts reading the chunk after {@code previous} and, once {@code previous} is on the
   * destination and the chunk is read or handed over, appending it with {@code appendAhead} (which
   * returns null to leave it to the writer).
   */
  void readAhead(Read read, FolderBatch previous, Function<FolderBatch, Transfer> appendAhead) {
    if (executor == null) {
      return;
    }
    CompletableFuture<FolderBatch> fetched = new CompletableFuture<>();
    CompletableFuture<FolderBatch> handed = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            FolderBatch batch = read.next(handed::complete);
            handed.complete(batch);
            fetched.complete(batch);
          } catch (Exception | Error e) {
            handed.completeExceptionally(e);
            fetched.completeExceptionally(e);
          }
        });
    readAhead = fetched;
    handedOver = handed;
    transferAhead =
        previous.onDestination.thenCombineAsync(
            handed, (appended, next) -> appendAhead.apply(next), executor);
  }

  /** Whether chunks are read and appended on threads of their own. */
  boolean threaded() {
    return executor != null;
  }

  /**
   * The chunk being read ahead once it is handed over (or read whole); null when there is none or
   * its read failed, which {@link #takeReadAhead()} then tells.
   */
  FolderBatch awaitHandOver() throws InterruptedException {
    CompletableFuture<FolderBatch> handed = handedOver;
    if (handed == null) {
      return null;
    }
    try {
      return handed.get();
    } catch (ExecutionException e) {
      return null;
    }
  }

  /** A chunk read ahead by other means (the next folder's first), for the next take. */
  void hold(FolderBatch batch) {
    readAhead = CompletableFuture.completedFuture(batch);
    handedOver = null;
    transferAhead = null;
  }

  /**
   * The chunk read ahead with its append ahead attached, or null when there is none or reading it
   * failed; then {@link #takeReadFailure()} gives the failure.
   */
  FolderBatch takeReadAhead() throws InterruptedException {
    CompletableFuture<FolderBatch> pending = readAhead;
    CompletableFuture<FolderBatch> handed = handedOver;
    CompletableFuture<Transfer> transfer = transferAhead;
    readAhead = null;
    handedOver = null;
    transferAhead = null;
    if (pending == null) {
      return null;
    }
    try {
      FolderBatch batch = pending.get();
      // a chunk handed over and then not served whole is read again as another: its append fails
      batch.transferAhead = handed != null && handed.getNow(null) == batch ? transfer : null;
      return batch;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnreadableChunkException refused) {
        // the read moved past the chunk the source refused: the job skips it, the folder goes on
        throw refused;
      }
      readFailure =
          e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
      return null;
    }
  }

  /** The failure of the last read ahead, once; it counts as the read's first attempt. */
  Exception takeReadFailure() {
    Exception failed = readFailure;
    readFailure = null;
    return failed;
  }

  /**
   * The append done ahead for this batch; null when there is none or it failed with a server's
   * error, which {@link #takeTransferFailure()} then gives.
   */
  Transfer awaitTransferAhead(FolderBatch batch) throws InterruptedException {
    CompletableFuture<Transfer> ahead = batch.transferAhead;
    if (ahead == null) {
      return null;
    }
    try {
      return ahead.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof java.util.concurrent.CancellationException) {
        // the chunk before was not written: this one was not appended ahead either
        return null;
      }
      if (cause instanceof jakarta.mail.MessagingException
          || cause instanceof java.io.IOException) {
        transferFailure = (Exception) cause;
        return null;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** The failure of the last append ahead, once; it counts as the append's first attempt. */
  Exception takeTransferFailure() {
    Exception failed = transferFailure;
    transferFailure = null;
    return failed;
  }

  /** Waits for a read ahead still running (before the source closes) and drops its chunk. */
  void dropReadAhead(Duration wait) {
    CompletableFuture<FolderBatch> pending = readAhead;
    readAhead = null;
    handedOver = null;
    transferAhead = null;
    if (pending == null) {
      return;
    }
    try {
      pending.get(wait.toMillis(), TimeUnit.MILLISECONDS).close();
    } catch (Exception e) {
      pending.cancel(true);
    }
  }
}
