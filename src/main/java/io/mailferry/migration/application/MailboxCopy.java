package io.mailferry.migration.application;

import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.imap.ImapFailure;
import io.mailferry.migration.application.ChunkAppender.Transfer;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The copy of one mailbox, one chunk at a time: {@link #nextBatch()} reads from the source (the
 * batch reader), {@link #write(FolderBatch)} appends to the destination and records what it did in
 * the chunk's transaction (the batch writer). Everything it must remember across a crash is in the
 * database; what it holds in memory is a cache of committed values and the open connections. It
 * coordinates parts with one job each: {@link MailboxStart} (admission and log-ins), {@link
 * ServerConnections} (with the retry policy), {@link MailboxPlan}, {@link FolderReader} and {@link
 * GapPass}, {@link CopyPipeline}, {@link ChunkAppender} with {@link DestinationRecovery} and {@link
 * StaleRecords}, {@link FolderEndChecks}, {@link ChunkRecorder} and {@link RunLimits}.
 */
public final class MailboxCopy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MailboxCopy.class.getName());

  private final long migrationId;
  private final CopyServices services;
  private final MailboxStart start;

  private MailboxMigration migration;
  private Path spool;
  private Instant started;
  private CopyParts parts;

  private List<FolderState> folders = List.of();
  private int folderIndex;

  /** The gap pass of the current folder, once its ordinary read reached the end. */
  private GapPass gap;

  /** Set when the mailbox gives its thread back to wait; the reader then ends its partition. */
  private boolean paused;

  private volatile boolean closing;

  MailboxCopy(long migrationId, CopyServices services) {
    this.migrationId = migrationId;
    this.services = services;
    this.start = new MailboxStart(migrationId, services);
  }

  /**
   * Takes a slot, connects to both servers and plans the folders. While the load gate is closed, or
   * no slot comes free at once, the mailbox pauses instead: it gives its batch thread and
   * transaction back and the dispatcher starts it again later from its checkpoint.
   */
  public void open() {
    start.claim();
    try {
      String waiting = start.admit();
      if (waiting != null) {
        pause(waiting);
        return;
      }
      MailboxStart.Logins logins = start.logins(this::stop);
      migration = logins.migration();
      int run = services.progress().startRun(migrationId);
      services
          .progress()
          .running(migrationId, "Connecting to " + logins.source().endpoint().host());
      started = services.clock().instant();
      spool = SpoolDirectories.create(migrationId);
      parts = CopyParts.assemble(migrationId, services, logins, run, spool);
      ServerConnections connections = parts.connections();
      onSource(connections::connectSource);
      List<ListedFolder> sourceFolders =
          onSource(() -> MailboxPlan.sourceFolders(connections.source()));
      openFirstAhead(sourceFolders);
      onDestination(connections::connectDestination);
      var destinationFolders = onDestination(() -> connections.destination().listFolders());
      folders =
          onSource(
              () ->
                  MailboxPlan.of(
                      sourceFolders,
                      connections.source(),
                      connections.destination(),
                      destinationFolders,
                      migration.getDomain().folderRules(),
                      (plan, totals) -> services.progress().savePlan(migrationId, plan, totals),
                      logins.note()));
      services.progress().running(migrationId, "Copying");
      LOG.info(
          String.format(
              "Mailbox %s: copying %d folders from %s to %s",
              migration.getEmail(),
              folders.size(),
              connections.sourceEndpoint(),
              connections.destinationEndpoint()));
    } catch (MailboxStoppedException e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw stop("Mailferry cannot create its spool directory: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw stop("Interrupted while waiting to start", e);
    } catch (RuntimeException e) {
      close();
      throw stop("Unexpected failure while starting: " + ImapFailure.rootMessage(e), e);
    }
  }

  /**
   * Sends the opening of the folder copied first from its committed checkpoint: a distant source
   * answers it while the destination connects and the plan is saved.
   */
  private void openFirstAhead(List<ListedFolder> sourceFolders) throws InterruptedException {
    Optional<String> first = MailboxPlan.firstFolder(sourceFolders);
    if (first.isEmpty()) {
      return;
    }
    long lastUid =
        services.progress().checkpoints(migrationId).stream()
            .filter(c -> c.getSourceName().equals(first.get()))
            .mapToLong(FolderCheckpoint::getLastUid)
            .findFirst()
            .orElse(0);
    onSource(
        () -> {
          parts.reader().openAhead(first.get(), lastUid);
          return null;
        });
  }

  /** Stops at a chunk boundary to be started again later; the mailbox waits meanwhile. */
  private void pause(String reason) {
    paused = true;
    services.progress().paused(migrationId, reason);
    LOG.info(() -> "Mailbox " + migrationId + " pauses: " + reason);
  }

  /** The next chunk, or null when every folder is done (the mailbox is then COMPLETED). */
  public FolderBatch nextBatch() {
    try {
      if (paused) {
        return null;
      }
      MailboxMigration current = services.progress().find(migrationId);
      String limit =
          parts.limits().exceeded(current, services.clock().instant(), parts.recorder().refused());
      if (limit != null) {
        throw stop(limit, null);
      }
      if (!services.gate().admits(migrationId)) {
        pause(services.gate().waitingReason());
        return null;
      }
      while (folderIndex < folders.size()) {
        FolderState folder = folders.get(folderIndex);
        if (!folder.selectable) {
          folderIndex++;
          return new FolderBatch(folder, null, List.of(), true, false);
        }
        if (gap != null) {
          FolderBatch next = onSource(() -> parts.reader().readMissing(folder, gap));
          return next != null ? next : endOfFolder();
        }
        FolderBatch batch = parts.takeReadAhead(folder);
        Exception failed = parts.pipeline().takeReadFailure();
        if (batch == null && failed == null && parts.pipeline().threaded()) {
          batch =
              parts.readWhileAppended(
                  folder, selectableAfter(folderIndex), this::prepareAhead, () -> closing);
          failed = parts.pipeline().takeReadFailure();
        }
        if (batch == null) {
          if (failed != null) {
            parts.reader().closeFolder();
          }
          batch = onSource(ServerRetries.afterFailure(failed, () -> parts.reader().read(folder)));
        }
        if (!batch.endOfFolder) {
          List<FolderState> upcoming = selectableAfter(folderIndex);
          parts
              .pipeline()
              .readAhead(
                  handOver -> parts.readAhead(folder, upcoming, handOver),
                  batch,
                  ahead -> parts.appendAhead(ahead, closing));
          return batch;
        }
        FolderBatch end = batch;
        gap = onSource(() -> parts.reader().startGapPass(folder, end, parts.gaps()));
        FolderBatch following = end.following;
        end.following = null;
        if (gap.isDone() && following != null) {
          // the next folder is open with its first chunk read: no round trip at this boundary
          parts.pipeline().hold(following);
          gap = null;
          folderIndex++;
          return end;
        }
        if (following != null) {
          following.close();
        }
        FolderBatch first = onSource(() -> parts.reader().readMissing(folder, gap));
        return first != null ? first : endOfFolder();
      }
      return finish();
    } catch (MailboxStoppedException | UnreadableChunkException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("Interrupted", e);
    } catch (RuntimeException e) {
      throw stop("Unexpected failure while reading: " + ImapFailure.rootMessage(e), e);
    }
  }

  /** The folders after the one at {@code index} that hold messages, in the order copied. */
  private List<FolderState> selectableAfter(int index) {
    return folders.subList(index + 1, folders.size()).stream()
        .filter(folder -> folder.selectable)
        .toList();
  }

  /** The folder's end batch, after its gap pass; the next read opens the next folder. */
  private FolderBatch endOfFolder() {
    FolderBatch end = gap.end();
    gap = null;
    parts.reader().closeFolder();
    folderIndex++;
    return end;
  }

  /** After the last folder: COMPLETED only with every message on the destination, else ERROR. */
  private FolderBatch finish() {
    parts.reader().closeFolder();
    String incomplete = services.outstanding().incompleteReason(migrationId);
    if (incomplete != null) {
      throw stop(incomplete, null);
    }
    Duration took = Duration.between(started, services.clock().instant());
    services.progress().completed(migrationId, parts.recorder().summary(took));
    return null;
  }

  /** Appends a chunk (unless that was done ahead) and records it in the chunk's transaction. */
  public void write(FolderBatch batch) {
    try {
      Transfer ahead = parts.pipeline().awaitTransferAhead(batch);
      if (ahead != null) {
        batch.onDestination.complete(null);
        parts.recorder().record(batch, ahead);
        return;
      }
      onDestination(
          ServerRetries.afterFailure(
              parts.pipeline().takeTransferFailure(),
              () -> {
                try {
                  return parts.appendAndRecord(batch);
                } catch (FolderCreationException e) {
                  throw stop(e.getMessage(), e);
                }
              }));
    } catch (MailboxStoppedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("Interrupted", e);
    } catch (RuntimeException e) {
      throw stop("Unexpected failure while writing: " + ImapFailure.rootMessage(e), e);
    } finally {
      if (!batch.onDestination.isDone()) {
        batch.onDestination.completeExceptionally(new CancellationException("not written"));
      }
      batch.close();
    }
  }

  private void prepareAhead(FolderBatch batch) throws InterruptedException {
    onDestination(
        () -> {
          try {
            return parts.prepareAhead(batch);
          } catch (FolderCreationException e) {
            throw stop(e.getMessage(), e);
          }
        });
  }

  /** Runs a step against the source under the retry policy; giving up stops the mailbox. */
  private <T> T onSource(ServerRetries.Step<T> step) throws InterruptedException {
    try {
      return parts.connections().onSource(step);
    } catch (ServerRetries.GaveUp e) {
      throw stop(e.getMessage(), e.getCause());
    }
  }

  private <T> T onDestination(ServerRetries.Step<T> step) throws InterruptedException {
    try {
      return parts.connections().onDestination(step);
    } catch (ServerRetries.GaveUp e) {
      throw stop(e.getMessage(), e.getCause());
    }
  }

  private MailboxStoppedException stop(String reason, Throwable cause) {
    if (cause != null) {
      LOG.log(Level.FINE, "Mailbox " + migrationId + " stopped", cause);
    }
    try {
      MailboxMigration current = services.progress().find(migrationId);
      if (current.getStatus() != MigrationStatus.ERROR) {
        services.progress().failed(migrationId, reason);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the failure of mailbox " + migrationId, e);
    }
    return new MailboxStoppedException(reason, cause);
  }

  @Override
  public void close() {
    closing = true;
    if (parts != null) {
      parts.connections().closeDestination();
      parts.letGoOfSource(services.config().readTimeout().plusSeconds(10));
      parts.connections().closeSource();
    }
    start.release();
    if (spool != null) {
      SpoolDirectories.delete(spool);
      spool = null;
    }
  }
}
