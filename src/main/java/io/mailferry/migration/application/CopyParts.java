package io.mailferry.migration.application;

import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.migration.domain.MailDomain;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The parts one run of a mailbox's copy is made of, put together for that run. */
record CopyParts(
    ServerConnections connections,
    FolderReader reader,
    CopyPipeline pipeline,
    DestinationRecovery recovery,
    StaleRecords stale,
    ChunkAppender appender,
    FolderEndChecks endChecks,
    ChunkRecorder recorder,
    RunLimits limits,
    FolderReader.Accounting gaps) {

  static CopyParts assemble(
      long migrationId, CopyServices services, MailboxStart.Logins logins, int run, Path spool) {
    MailDomain domain = logins.migration().getDomain();
    String email = logins.migration().getEmail();
    var config = services.config();
    ServerConnections connections =
        new ServerConnections(
            services.servers(),
            logins.source(),
            logins.destination(),
            config.connectTimeout(),
            config.readTimeout(),
            new ServerRetries(config.retries(), Thread::sleep, email));
    CopyPipeline pipeline = new CopyPipeline(services.pipeline());
    FolderReader reader =
        new FolderReader(
            connections::source, domain::leavesOut, config.chunkMessages(), spool, email);
    DestinationRecovery recovery = new DestinationRecovery(services.marks(), email);
    connections.beforeReconnecting(
        () -> {
          pipeline.dropReadAhead(config.readTimeout().plusSeconds(10));
          reader.closeFolder();
        },
        recovery::afterConnectionLost);
    return new CopyParts(
        connections,
        reader,
        pipeline,
        recovery,
        new StaleRecords(services.staleRecords()),
        new ChunkAppender(
            connections::destination,
            recovery,
            () -> services.fence().beforeWrite(migrationId),
            domain.isCopyDeleted()),
        new FolderEndChecks(
            connections::destination,
            services.folderEnds(migrationId),
            run,
            domain.isCopyDeleted(),
            email),
        new ChunkRecorder(services.chunks(), migrationId, run),
        new RunLimits(config.migrationTimeout(), config.maxMessageErrors()),
        services.gapAccounting(migrationId, run));
  }

  /** Before the source connection goes: the read ahead ends and the open folder closes. */
  void letGoOfSource(java.time.Duration wait) {
    pipeline.dropReadAhead(wait);
    reader.closeFolder();
  }

  /**
   * Appends a batch read ahead, on a pipeline thread, when it needs neither the database nor a
   * first look at its folder; null leaves it to the writer.
   */
  ChunkAppender.Transfer appendAhead(FolderBatch batch, boolean closing) {
    synchronized (connections.destinationLock()) {
      FolderState folder = batch.folder;
      boolean plain =
          !closing
              && folder.selectable
              && !batch.entries.isEmpty()
              && !batch.reconcile
              && batch.flagChanges.isEmpty()
              && recovery.isPrepared(folder)
              && stale.knownNone(folder);
      if (!plain) {
        return null;
      }
      try {
        return appender.append(batch, Map.of());
      } catch (MessagingException e) {
        throw new CompletionException(e);
      }
    }
  }

  /**
   * The writer's own append of a batch (not appended ahead): the folder's destination is prepared
   * first (created, or scanned for what a crash left), flags are carried over and a folder's end
   * verified; then the chunk is recorded, while the next batch may already be appended.
   *
   * @throws FolderCreationException when the destination refuses to create the folder
   */
  Void appendAndRecord(FolderBatch batch) throws MessagingException, FolderCreationException {
    ChunkAppender.Transfer transfer;
    synchronized (connections.destinationLock()) {
      recovery.prepare(batch.folder, connections.destination());
      transfer = appender.append(batch, stale.of(batch));
      endChecks.carryOverFlags(batch);
      if (batch.endOfFolder && batch.folder.selectable) {
        batch.verification = endChecks.verify(batch);
      }
    }
    batch.onDestination.complete(null);
    recorder.record(batch, transfer);
    return null;
  }

  /** Readies a chunk's folder on the destination, under the copy's retry policy. */
  interface Preparation {
    void prepare(FolderBatch batch) throws InterruptedException;
  }

  /**
   * Reads the folder's next chunk on the pipeline where nothing was read ahead, so that a large
   * message in it is appended while it is read: once the chunk is handed over, {@code prepare}
   * readies its folder on the destination ({@link #prepareAhead}) and its append ahead may start.
   * Null when the read failed (the pipeline tells why).
   */
  FolderBatch readWhileAppended(
      FolderState folder, List<FolderState> upcoming, Preparation prepare, BooleanSupplier closing)
      throws InterruptedException {
    // stands for the chunk before: the append ahead waits for the folder to be ready
    FolderBatch ready = new FolderBatch(folder, null, List.of(), false, false);
    pipeline.readAhead(
        handOver -> readAhead(folder, upcoming, handOver),
        ready,
        ahead -> appendAhead(ahead, closing.getAsBoolean()));
    try {
      FolderBatch handed = pipeline.awaitHandOver();
      if (handed != null && !handed.entries.isEmpty() && !handed.reconcile) {
        prepare.prepare(handed);
      }
      ready.onDestination.complete(null);
    } finally {
      if (!ready.onDestination.isDone()) {
        ready.onDestination.completeExceptionally(new CancellationException("not prepared"));
      }
    }
    return takeReadAhead(folder);
  }

  /**
   * What the writer does first for a chunk before its append, done before the chunk is read whole:
   * the folder made or scanned on the destination, its records of another UIDVALIDITY looked up.
   */
  Void prepareAhead(FolderBatch batch) throws MessagingException, FolderCreationException {
    synchronized (connections.destinationLock()) {
      recovery.prepare(batch.folder, connections.destination());
    }
    stale.of(batch);
    return null;
  }

  /** The chunk read ahead for this folder, or null (none, it failed, or it was another's). */
  FolderBatch takeReadAhead(FolderState folder) throws InterruptedException {
    FolderBatch batch = pipeline().takeReadAhead();
    if (batch != null && batch.folder != folder) {
      batch.close();
      reader().closeFolder();
      return null;
    }
    return batch;
  }

  /**
   * Reads the folder's next chunk on the pipeline; where that is the folder's end, goes on to the
   * next folder's first chunk (the first of {@code upcoming}, the folders after this one), so that
   * nothing waits for the source at the folder boundary (and where that chunk is the next folder's
   * last, those after it are opened ahead in turn). Failing there leaves the next folder to the
   * ordinary read. A chunk of one large message is given to {@code handOver} while it is read.
   */
  FolderBatch readAhead(
      FolderState folder, List<FolderState> upcoming, Consumer<FolderBatch> handOver)
      throws Exception {
    FolderBatch batch = reader().read(folder, upcoming, handOver);
    if (batch.endOfFolder && !upcoming.isEmpty()) {
      try {
        batch.following = reader().read(upcoming.get(0), upcoming.subList(1, upcoming.size()));
      } catch (MessagingException | IOException | UnreadableChunkException e) {
        reader().closeFolder();
      }
    }
    return batch;
  }
}
