package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.FlagList;
import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.MigrationProgress.ChunkResult;
import io.mailferry.migration.application.MigrationProgress.NewError;
import io.mailferry.migration.application.MigrationProgress.NewRecord;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.FolderPlanner;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.migration.domain.PlannedFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The copy of one mailbox, one chunk at a time: {@link #nextBatch()} reads from the source (the
 * batch reader), {@link #write(FolderBatch)} appends to the destination and records what it did in
 * the chunk's transaction (the batch writer). Everything it must remember across a crash is in the
 * database; what it holds in memory is a cache of committed values and the open connections.
 */
public final class MailboxCopy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MailboxCopy.class.getName());

  private final long migrationId;
  private final MailferryConfig config;
  private final MigrationProgress progress;
  private final LoadGate gate;
  private final MailboxSlots slots;
  private final SecretBox secrets;
  private final Clock clock;
  private final WriteFence fence;
  private final MailServers servers;

  private MailboxMigration migration;
  private MailDomain domain;
  private String sourcePassword;
  private ServerEndpoint sourceEndpoint;
  private ServerEndpoint destinationEndpoint;
  private MailSource source;
  private MailDestination destination;
  private Path spool;
  private boolean holdsSlot;
  private boolean claimed;

  /** Connections the source dropped during LOGIN in a row. */
  private int loginDrops;

  /** Set when the mailbox gives its thread back to wait; the reader then ends its partition. */
  private boolean paused;

  private final List<FolderState> folders = new ArrayList<>();
  private int folderIndex;
  private SourceFolder openFolder;
  private long cursor;

  /** Listed after the cursor but left out of the last chunk by its budget; read next. */
  private List<MessageRef> listedAhead = List.of();

  private boolean reconciling;
  private final Executor pipeline;
  private CompletableFuture<FolderBatch> readAhead;
  private CompletableFuture<Transfer> transferAhead;
  private Exception readAheadFailure;
  private Exception transferAheadFailure;

  /** Held while the destination connection is used: by the writer, or by a transfer ahead. */
  private final Object destinationLock = new Object();

  private volatile boolean closing;
  private final Map<Long, Boolean> foldersWithStaleRecords = new ConcurrentHashMap<>();
  private DestinationRecovery recovery;

  /** This run's number: records and errors carry it (see MigrationProgress#startRun). */
  private int run;

  private int refusedThisRun;

  /** The gap pass of the current folder, once its ordinary read reached the end. */
  private GapPass gap;

  private long copiedMessages;
  private long copiedBytes;
  private Instant started;

  /** The IMAP tool's hook: typed-in servers and a protocol trace for this copy (or none). */
  OneOffCopies oneOffs;

  private OneOffCopies.OneOff oneOff;

  MailboxCopy(
      long migrationId,
      MailferryConfig config,
      MigrationProgress progress,
      LoadGate gate,
      MailboxSlots slots,
      SecretBox secrets,
      Clock clock,
      Executor pipeline,
      WriteFence fence,
      MailServers servers) {
    this.servers = servers;
    this.migrationId = migrationId;
    this.fence = fence;
    this.pipeline = pipeline;
    this.config = config;
    this.progress = progress;
    this.gate = gate;
    this.slots = slots;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * Takes a slot, connects to both servers and plans the folders. While the load gate is closed, or
   * no slot comes free at once, the mailbox pauses instead: it gives its batch thread and
   * transaction back and the dispatcher starts it again later from its checkpoint.
   */
  public void open() {
    migration = progress.find(migrationId);
    recovery =
        new DestinationRecovery(
            new DestinationRecovery.Marks() {
              @Override
              public void destinationMark(long checkpointId, long uidValidity, long uidNext) {
                progress.destinationMark(checkpointId, uidValidity, uidNext);
              }

              @Override
              public Set<Long> recordedDestinationUids(long checkpointId, long fromUid) {
                return progress.recordedDestinationUids(checkpointId, fromUid);
              }
            },
            migration.getEmail());
    // claimed before the status changes, so that the dispatcher never starts it a second time
    if (!slots.claim(migrationId)) {
      throw new IllegalStateException(
          "the mailbox " + migration.getEmail() + " is already being migrated");
    }
    claimed = true;
    if (!migration.getStatus().isActive()) {
      progress.requeue(migrationId, "Restarted");
    }
    try {
      if (!gate.isOpen()) {
        pause(gate.waitingReason());
        return;
      }
      if (!slots.tryAcquire(migrationId, 2, TimeUnit.SECONDS)) {
        pause(
            slots.inUse() < slots.capacity()
                ? "Waiting for a free slot: the source server's "
                    + slots.capacity()
                    + " slots are taken by copies on other instances"
                : "Waiting for a free slot: "
                    + slots.inUse()
                    + " of "
                    + slots.capacity()
                    + " mailboxes are copying");
        return;
      }
      holdsSlot = true;
      migration = progress.find(migrationId);
      domain = migration.getDomain();
      oneOff = oneOffs == null ? null : oneOffs.find(migration.getEmail()).orElse(null);
      OneOffCopies.Side typedSource = oneOff == null ? null : oneOff.source();
      if (migration.getSourcePassword() == null && typedSource == null) {
        throw stop(
            "The source password is no longer stored (retention period over, source host changed"
                + " or the domain's migration finished): the user must sign up again",
            null);
      }
      sourcePassword =
          typedSource != null ? typedSource.password() : decrypt(migration.getSourcePassword());
      run = progress.startRun(migrationId);
      sourceEndpoint = typedSource != null ? typedSource.endpoint() : domain.sourceEndpoint();
      destinationEndpoint =
          oneOff != null && oneOff.destination() != null
              ? oneOff.destination().endpoint()
              : config.destination();
      progress.running(migrationId, "Connecting to " + sourceEndpoint.host());
      started = clock.instant();
      spool = SpoolDirectories.create(migrationId);
      retrying("source", sourceEndpoint, () -> connectSource());
      retrying("destination", destinationEndpoint, () -> connectDestination());
      List<ListedFolder> destinationFolders =
          retrying("destination", destinationEndpoint, () -> destination.listFolders());
      retrying("source", sourceEndpoint, () -> plan(destinationFolders));
      progress.running(migrationId, "Copying");
      LOG.info(
          () ->
              "Mailbox "
                  + migration.getEmail()
                  + ": copying "
                  + folders.size()
                  + " folders from "
                  + sourceEndpoint
                  + " to "
                  + destinationEndpoint);
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

  private String decrypt(String sealed) {
    try {
      return secrets.decrypt(sealed);
    } catch (IllegalStateException e) {
      throw stop(e.getMessage(), e);
    }
  }

  /** Stops at a chunk boundary to be started again later; the mailbox waits meanwhile. */
  private void pause(String reason) {
    paused = true;
    progress.paused(migrationId, reason);
    LOG.info(() -> "Mailbox " + migrationId + " pauses: " + reason);
  }

  private void connectSource() throws MessagingException {
    closeSource();
    try {
      source =
          servers.source(
              sourceEndpoint,
              oneOff != null && oneOff.source() != null
                  ? oneOff.source().login()
                  : migration.getSourceLogin(),
              sourcePassword,
              config.connectTimeout(),
              config.readTimeout(),
              oneOff == null ? null : oneOff.trace("source"));
      loginDrops = 0;
    } catch (MessagingException e) {
      // A server that drops the connection after LOGIN instead of answering NO may be counting
      // failed logins: trying again five times could lock the user out of the source account.
      if (ImapFailure.classify(e) == ImapFailure.TRANSIENT && ++loginDrops >= 2) {
        throw new jakarta.mail.AuthenticationFailedException(
            "the source server closed the connection during the login twice in a row; counted"
                + " as a refused login ("
                + ImapFailure.rootMessage(e)
                + ")");
      }
      throw e;
    }
  }

  private void connectDestination() throws MessagingException {
    closeDestination();
    String login = migration.getEmail();
    String password = sourcePassword;
    if (oneOff != null && oneOff.destination() != null) {
      login = oneOff.destination().login();
      password = oneOff.destination().password();
    } else if (config.destinationMasterUser().isPresent()) {
      login = login + config.destinationMasterSeparator() + config.destinationMasterUser().get();
      password = config.destinationMasterPassword();
    }
    destination =
        servers.destination(
            destinationEndpoint,
            login,
            password,
            config.connectTimeout(),
            config.readTimeout(),
            oneOff == null ? null : oneOff.trace("destination"));
  }

  private void plan(List<ListedFolder> destinationFolders) throws MessagingException {
    List<ListedFolder> sourceFolders = source.listFolders();
    List<PlannedFolder> plan =
        FolderPlanner.plan(
            sourceFolders,
            destination.separator(),
            destination.namespacePrefix(),
            destinationFolders,
            domain.folderRules());
    Map<String, long[]> totals =
        source.countsAndBytes(
            plan.stream()
                .filter(PlannedFolder::selectable)
                .map(PlannedFolder::sourceName)
                .toList());
    Map<String, PlannedFolder> bySource = new HashMap<>();
    plan.forEach(p -> bySource.put(p.sourceName(), p));
    if (oneOff != null) {
      plan.forEach(
          p ->
              oneOff.note(
                  "Folder \""
                      + p.sourceName()
                      + "\" maps to \""
                      + p.destinationName()
                      + "\""
                      + (p.selectable() ? "" : " (no messages: \\Noselect)")));
    }
    folders.clear();
    for (FolderCheckpoint checkpoint : progress.savePlan(migrationId, plan, totals)) {
      PlannedFolder planned = bySource.get(checkpoint.getSourceName());
      folders.add(
          new FolderState(
              checkpoint,
              planned.sourcePath().displayName(),
              planned.selectable(),
              planned.subscribed()));
    }
    folders.sort(Comparator.comparingInt(f -> bySource.get(f.sourceName).position()));
  }

  /** The next chunk, or null when every folder is done (the mailbox is then COMPLETED). */
  public FolderBatch nextBatch() {
    try {
      if (paused) {
        return null;
      }
      checkLimits();
      if (!gate.isOpen()) {
        pause(gate.waitingReason());
        return null;
      }
      while (folderIndex < folders.size()) {
        FolderState folder = folders.get(folderIndex);
        if (!folder.selectable) {
          folderIndex++;
          return new FolderBatch(folder, null, List.of(), true, false);
        }
        if (gap != null) {
          FolderBatch next = retrying("source", sourceEndpoint, () -> gap.next());
          if (next != null) {
            return next;
          }
          FolderBatch end = gap.end();
          gap = null;
          closeFolder();
          folderIndex++;
          return end;
        }
        FolderBatch batch = takeReadAhead();
        if (batch == null) {
          batch =
              retrying(
                  "source",
                  sourceEndpoint,
                  () -> {
                    // a read-ahead that failed counts as the first attempt, so that its
                    // failure is classified (and retried) like any other
                    Exception failed = readAheadFailure;
                    readAheadFailure = null;
                    rethrow(failed);
                    return readFrom(folder);
                  });
        }
        if (batch.endOfFolder) {
          FolderBatch end = batch;
          gap = retrying("source", sourceEndpoint, () -> startGapPass(folder, end));
          FolderBatch first = retrying("source", sourceEndpoint, () -> gap.next());
          if (first != null) {
            return first;
          }
          gap = null;
          closeFolder();
          folderIndex++;
        } else {
          readAhead(folder, batch);
        }
        return batch;
      }
      closeFolder();
      long outstanding = progress.outstanding(migrationId);
      if (outstanding > 0) {
        throw stop(
            "Incomplete: "
                + outstanding
                + (outstanding == 1 ? " message is" : " messages are")
                + " not on the destination ("
                + String.join("; ", progress.outstandingReasons(migrationId, 3))
                + "). A resync tries them again",
            null);
      }
      List<String> unverified = progress.unverifiedFolders(migrationId);
      if (!unverified.isEmpty()) {
        throw stop(
            "Incomplete: the destination does not hold what this run copied ("
                + String.join("; ", unverified)
                + "). A resync copies again what is missing",
            null);
      }
      progress.completed(migrationId, summary());
      return null;
    } catch (MailboxStoppedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("Interrupted", e);
    } catch (RuntimeException e) {
      throw stop("Unexpected failure while reading: " + ImapFailure.rootMessage(e), e);
    }
  }

  /**
   * The pipeline that keeps both servers busy: while the writer records this batch, the next one is
   * read from the source and, as soon as this one is on the destination, appended there. The source
   * connection is used by the read alone until {@link #takeReadAhead()} joins it; the destination
   * connection by whoever holds {@link #destinationLock}. A batch appended ahead but not yet
   * recorded is found on the destination by the next run (see {@link #prepareDestination}), so a
   * crash at any point leaves no duplicate.
   */
  private void readAhead(FolderState folder, FolderBatch previous) {
    if (pipeline == null) {
      return;
    }
    CompletableFuture<FolderBatch> fetched = new CompletableFuture<>();
    pipeline.execute(
        () -> {
          try {
            fetched.complete(readFrom(folder));
          } catch (Exception | Error e) {
            fetched.completeExceptionally(e);
          }
        });
    readAhead = fetched;
    transferAhead =
        previous.onDestination.thenCombineAsync(
            fetched, (appended, next) -> transferAhead(next), pipeline);
  }

  /**
   * The batch read ahead with its transfer ahead attached, or null when there is none or reading it
   * failed; then the folder is reopened at its committed checkpoint by the ordinary read.
   */
  private FolderBatch takeReadAhead() throws InterruptedException {
    CompletableFuture<FolderBatch> pending = readAhead;
    CompletableFuture<Transfer> transfer = transferAhead;
    readAhead = null;
    transferAhead = null;
    if (pending == null) {
      return null;
    }
    try {
      FolderBatch batch = pending.get();
      batch.transferAhead = transfer;
      return batch;
    } catch (ExecutionException e) {
      readAheadFailure =
          e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
      closeFolder();
      return null;
    }
  }

  /** Waits for a read-ahead still running (before the source closes) and drops its batch. */
  private void dropReadAhead() {
    CompletableFuture<FolderBatch> pending = readAhead;
    readAhead = null;
    transferAhead = null;
    if (pending == null) {
      return;
    }
    try {
      FolderBatch batch = pending.get(config.readTimeout().toSeconds() + 10, TimeUnit.SECONDS);
      batch.close();
    } catch (Exception e) {
      pending.cancel(true);
    }
  }

  /**
   * Appends a batch read ahead, on a pipeline thread, when it needs neither the database nor a
   * first look at its folder; null leaves it to the writer.
   */
  private Transfer transferAhead(FolderBatch batch) {
    synchronized (destinationLock) {
      FolderState folder = batch.folder;
      boolean plain =
          !closing
              && folder.selectable
              && !batch.entries.isEmpty()
              && !batch.reconcile
              && batch.flagChanges.isEmpty()
              && recovery.isPrepared(folder)
              && Boolean.FALSE.equals(foldersWithStaleRecords.get(folder.checkpointId));
      if (!plain) {
        return null;
      }
      try {
        return transfer(batch, Map.of());
      } catch (MessagingException e) {
        throw new CompletionException(e);
      }
    }
  }

  /** The transfer done ahead for this batch; null when there is none or it failed. */
  private Transfer awaitTransferAhead(FolderBatch batch) throws InterruptedException {
    CompletableFuture<Transfer> ahead = batch.transferAhead;
    if (ahead == null) {
      return null;
    }
    try {
      return ahead.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof MessagingException || cause instanceof IOException) {
        transferAheadFailure = (Exception) cause;
        return null;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  private String summary() {
    Duration elapsed = Duration.between(started, clock.instant());
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    return String.format(
        "Completed: %d messages (%.1f MB) copied in this run, %.0f messages/s",
        copiedMessages, copiedBytes / 1_048_576.0, copiedMessages / seconds);
  }

  private void checkLimits() {
    MailboxMigration current = progress.find(migrationId);
    Duration limit = config.migrationTimeout();
    if (current.hasRunLongerThan(limit, clock.instant())) {
      throw stop("Timed out after " + describe(limit) + " — resync to continue", null);
    }
    if (refusedThisRun > config.maxMessageErrors()) {
      throw stop(
          "Stopped after "
              + refusedThisRun
              + " messages were refused by the destination (limit "
              + config.maxMessageErrors()
              + "): see the message errors",
          null);
    }
  }

  private static String describe(Duration limit) {
    if (limit.toHours() >= 1 && limit.toMinutesPart() == 0) {
      return limit.toHours() + " h";
    }
    if (limit.toMinutes() >= 1) {
      return limit.toMinutes() + " min";
    }
    return limit.toSeconds() + " s";
  }

  private FolderBatch readFrom(FolderState folder) throws MessagingException, IOException {
    openIfNeeded(folder);
    List<MessageRef> listed =
        listedAhead.isEmpty()
            ? openFolder.nextMessages(cursor, config.chunkMessages())
            : listedAhead;
    List<MessageRef> refs = ChunkBudget.first(listed);
    listedAhead = List.copyOf(listed.subList(refs.size(), listed.size()));
    UidValidity uidValidity = openFolder.uidValidity();
    if (refs.isEmpty()) {
      FolderBatch end = new FolderBatch(folder, uidValidity, List.of(), true, reconciling);
      end.highestModseq = openFolder.highestModseq();
      // listed here, on the read ahead, so that the gap pass costs no round trip of its own
      end.sourceUids = openFolder.allUids();
      if (folder.completedBefore && !reconciling) {
        end.flagChanges = openFolder.flagsUpTo(folder.lastUid, folder.highestModseq);
      }
      return end;
    }
    cursor = refs.get(refs.size() - 1).uid().value();
    return new FolderBatch(folder, uidValidity, entriesFor(refs), false, reconciling);
  }

  /**
   * After the ordinary read of a folder reached its end: the source messages neither recorded nor
   * left out by a rule in this run (refused before, not served, lost to a crash) are read again, so
   * that a run ends with every message on the destination or with the reason it is not.
   */
  private GapPass startGapPass(FolderState folder, FolderBatch end) throws MessagingException {
    openIfNeeded(folder);
    List<Uid> onSource =
        end.sourceUids != null && openFolder.uidValidity().equals(end.uidValidity)
            ? end.sourceUids
            : openFolder.allUids();
    end.sourceMessages = onSource.size();
    Set<Long> accounted =
        progress.accountedUids(
            folder.checkpointId,
            migrationId,
            folder.sourceName,
            openFolder.uidValidity().value(),
            run);
    List<Uid> missing = onSource.stream().filter(uid -> !accounted.contains(uid.value())).toList();
    if (!missing.isEmpty()) {
      progress.supersedeErrors(migrationId, folder.sourceName, run);
      LOG.info(
          () ->
              "Mailbox "
                  + migration.getEmail()
                  + ": "
                  + missing.size()
                  + " messages of "
                  + folder.displayName
                  + " are not on the destination yet; trying them again");
    }
    return new GapPass(folder, end, new ArrayDeque<>(missing));
  }

  /** The messages a gap pass still has to read, and the folder's end batch that follows them. */
  private final class GapPass {
    private final FolderState folder;
    private final FolderBatch end;
    private final Deque<Uid> missing;

    GapPass(FolderState folder, FolderBatch end, Deque<Uid> missing) {
      this.folder = folder;
      this.end = end;
      this.missing = missing;
    }

    FolderBatch end() {
      return end;
    }

    /** The next chunk of missing messages, or null when none is left. */
    FolderBatch next() throws MessagingException, IOException {
      while (!missing.isEmpty()) {
        openIfNeeded(folder);
        List<Uid> wanted = missing.stream().limit(config.chunkMessages()).toList();
        List<MessageRef> refs = ChunkBudget.first(openFolder.messages(wanted));
        Uid last = refs.isEmpty() ? wanted.get(wanted.size() - 1) : refs.get(refs.size() - 1).uid();
        while (!missing.isEmpty() && missing.peekFirst().compareTo(last) <= 0) {
          missing.pollFirst();
        }
        if (!refs.isEmpty()) {
          return new FolderBatch(
              folder, openFolder.uidValidity(), entriesFor(refs), false, reconciling);
        }
      }
      return null;
    }
  }

  private void openIfNeeded(FolderState folder) throws MessagingException {
    if (openFolder == null) {
      openFolder = source.open(folder.sourceName);
      UidValidity current = openFolder.uidValidity();
      if (current.differsFrom(folder.uidValidity)) {
        reconciling = true;
        cursor = 0;
        LOG.info(
            () ->
                "Mailbox "
                    + migration.getEmail()
                    + ": UIDVALIDITY of "
                    + folder.displayName
                    + " changed from "
                    + folder.uidValidity
                    + " to "
                    + current
                    + "; reconciling by fingerprint");
      } else {
        reconciling = false;
        cursor = folder.lastUid;
      }
    }
  }

  /** The batch entries of these messages: their contents, or why each is left out. */
  private List<FolderBatch.Entry> entriesFor(List<MessageRef> refs)
      throws MessagingException, IOException {
    List<FolderBatch.Entry> entries = new ArrayList<>();
    List<MessageRef> wanted = new ArrayList<>();
    for (MessageRef ref : refs) {
      String leftOut = domain.leavesOut(FlagList.isDeleted(ref.flags()), ref.size());
      if (leftOut != null) {
        entries.add(new FolderBatch.Entry(ref, null, leftOut, MessageErrorKind.RULE));
      } else {
        wanted.add(ref);
      }
    }
    Map<Uid, MessageContent> contents = openFolder.fetchContents(wanted, spool);
    List<Uid> missing =
        wanted.stream().map(MessageRef::uid).filter(uid -> !contents.containsKey(uid)).toList();
    java.util.Set<Uid> unreadable = openFolder.present(missing);
    for (MessageRef ref : wanted) {
      MessageContent content = contents.get(ref.uid());
      if (content != null) {
        entries.add(new FolderBatch.Entry(ref, content, null, null));
      } else if (unreadable.contains(ref.uid())) {
        entries.add(
            new FolderBatch.Entry(
                ref,
                null,
                "the source server did not return the message's content",
                MessageErrorKind.UNREADABLE));
      } else {
        entries.add(
            new FolderBatch.Entry(
                ref, null, "expunged on the source while copying", MessageErrorKind.GONE));
      }
    }
    entries.sort(Comparator.comparing(e -> e.ref().uid()));
    return entries;
  }

  /** Appends a chunk (unless that was done ahead) and records it in the chunk's transaction. */
  public void write(FolderBatch batch) {
    try {
      Transfer ahead = awaitTransferAhead(batch);
      if (ahead != null) {
        batch.onDestination.complete(null);
        record(batch, ahead);
        return;
      }
      retrying(
          "destination",
          destinationEndpoint,
          () -> {
            // a transfer ahead that failed counts as the first attempt, like a failed read-ahead
            Exception failed = transferAheadFailure;
            transferAheadFailure = null;
            rethrow(failed);
            return appendAndRecord(batch);
          });
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

  private Void appendAndRecord(FolderBatch batch) throws MessagingException {
    Transfer transfer;
    synchronized (destinationLock) {
      prepareDestination(batch.folder);
      transfer = transfer(batch, staleRecords(batch));
      syncFlags(batch);
      if (batch.endOfFolder && batch.folder.selectable) {
        batch.verification = verify(batch);
      }
    }
    // the next batch may be appended while this one is recorded
    batch.onDestination.complete(null);
    record(batch, transfer);
    return null;
  }

  /**
   * After a folder's last chunk: every message this run recorded is on the destination (UIDs
   * against the destination's own list), and no source message is left without a record or a reason
   * (the gap pass has tried each one again).
   */
  private MigrationProgress.Verification verify(FolderBatch end) throws MessagingException {
    FolderState folder = end.folder;
    FolderVerification.Outcome outcome =
        FolderVerification.judge(
            progress.destinationUidsOfRun(folder.checkpointId, run),
            destination.uids(folder.destinationName),
            progress.outstandingIn(migrationId, folder.sourceName));
    // what the destination acknowledged but does not hold is not copied: the next run copies it
    progress.forgetRecords(folder.checkpointId, run, outcome.vanished());
    return new MigrationProgress.Verification(Math.max(0, end.sourceMessages), outcome.problem());
  }

  /** What appending a batch did, to be recorded in the chunk's transaction. */
  record Transfer(
      List<NewRecord> records,
      List<NewError> errors,
      List<Renumbering> renumbered,
      long messages,
      long bytes,
      long foundOnDestination,
      Long destUidValidity,
      Long destUidNext) {}

  /** A record made under an earlier UIDVALIDITY that names this message now. */
  record Renumbering(long recordId, Uid uid) {}

  /**
   * Appends the batch's messages that the destination lacks. Uses the destination and memory only;
   * the database is written by {@link #record}.
   */
  private Transfer transfer(FolderBatch batch, Map<String, List<MigratedMessage>> recorded)
      throws MessagingException {
    fence.beforeWrite(migrationId);
    FolderState folder = batch.folder;
    if (!folder.selectable) {
      return new Transfer(List.of(), List.of(), List.of(), 0, 0, 0, null, null);
    }
    List<Renumbering> renumbered = new ArrayList<>();
    List<NewRecord> records = new ArrayList<>();
    List<NewError> errors = new ArrayList<>();
    List<FolderBatch.Entry> toAppend = new ArrayList<>();
    long messages = 0;
    long bytes = 0;
    long foundThere = 0;
    for (FolderBatch.Entry entry : batch.entries) {
      MessageRef ref = entry.ref();
      if (entry.content() == null) {
        errors.add(error(ref, entry.skipReason(), entry.skipKind()));
        continue;
      }
      List<MigratedMessage> known = recorded.get(ref.fingerprint().value());
      if (known != null && !known.isEmpty()) {
        renumbered.add(new Renumbering(known.remove(0).getId(), ref.uid()));
        continue;
      }
      Long found = recovery.takeUnrecorded(ref.fingerprint());
      if (found != null) {
        records.add(record(batch, ref, found));
        messages++;
        bytes += ref.size();
        foundThere++;
        continue;
      }
      toAppend.add(entry);
    }
    Long destUidNext = null;
    Long destUidValidity = folder.destUidValidity;
    if (!toAppend.isEmpty()) {
      List<OutgoingMessage> outgoing = new ArrayList<>();
      for (FolderBatch.Entry entry : toAppend) {
        outgoing.add(
            new OutgoingMessage(
                entry.content(),
                FlagList.forAppend(entry.ref().flags(), domain.isCopyDeleted()),
                entry.ref().internalDate(),
                entry.ref().fingerprint()));
      }
      List<AppendOutcome> outcomes = destination.append(folder.destinationName, outgoing);
      long highest = 0;
      boolean allKnown = true;
      for (int i = 0; i < toAppend.size(); i++) {
        MessageRef ref = toAppend.get(i).ref();
        AppendOutcome outcome = outcomes.get(i);
        if (outcome.isAppended()) {
          records.add(record(batch, ref, outcome.uid()));
          messages++;
          bytes += ref.size();
          if (outcome.uid() == null) {
            allKnown = false;
          } else {
            highest = Math.max(highest, outcome.uid());
          }
        } else {
          errors.add(
              error(
                  ref,
                  "refused by the destination: " + outcome.rejection(),
                  MessageErrorKind.REFUSED));
        }
      }
      if (allKnown && highest > 0) {
        destUidNext = highest + 1;
      } else {
        long[] status = destination.status(folder.destinationName);
        destUidValidity = status[0];
        destUidNext = status[1];
      }
    }
    return new Transfer(
        records, errors, renumbered, messages, bytes, foundThere, destUidValidity, destUidNext);
  }

  /** Records what a batch did and moves the folder's checkpoint; the chunk's transaction. */
  private void record(FolderBatch batch, Transfer transfer) {
    FolderState folder = batch.folder;
    for (Renumbering renumbering : transfer.renumbered()) {
      progress.renumber(renumbering.recordId(), batch.uidValidity, renumbering.uid());
    }
    Long destUidNext = transfer.destUidNext();
    Long destUidValidity = transfer.destUidValidity();
    long lastUid =
        batch.entries.isEmpty()
            ? 0
            : batch.entries.get(batch.entries.size() - 1).ref().uid().value();
    progress.recordChunk(
        new ChunkResult(
            folder.checkpointId,
            migrationId,
            batch.uidValidity == null ? null : batch.uidValidity.value(),
            lastUid,
            transfer.records(),
            transfer.errors(),
            transfer.messages(),
            transfer.bytes(),
            destUidValidity,
            destUidNext,
            batch.endOfFolder,
            folder.displayName,
            batch.highestModseq,
            run,
            transfer.foundOnDestination(),
            batch.verification));
    refusedThisRun +=
        (int) transfer.errors().stream().filter(e -> e.kind() == MessageErrorKind.REFUSED).count();
    if (batch.uidValidity != null) {
      if (batch.uidValidity.differsFrom(folder.uidValidity)) {
        folder.lastUid = 0;
      }
      folder.uidValidity = batch.uidValidity.value();
    }
    folder.lastUid = Math.max(folder.lastUid, lastUid);
    if (destUidNext != null) {
      folder.destUidNext = destUidNext;
      folder.destUidValidity = destUidValidity;
    }
    copiedMessages += transfer.messages();
    copiedBytes += transfer.bytes();
  }

  /**
   * Carries over flags changed on the source since the last run. Only the flags that changed on the
   * source are touched on the destination, so what the user changed there stays.
   */
  private void syncFlags(FolderBatch batch) throws MessagingException {
    if (batch.flagChanges.isEmpty() || batch.uidValidity == null) {
      return;
    }
    List<Long> uids = batch.flagChanges.keySet().stream().map(Uid::value).toList();
    FlagSync.Plan plan =
        FlagSync.plan(
            progress.records(batch.folder.checkpointId, batch.uidValidity.value(), uids),
            batch.flagChanges,
            domain.isCopyDeleted());
    List<MailDestination.FlagChange> changes = plan.changes();
    destination.changeFlags(batch.folder.destinationName, changes);
    if (!changes.isEmpty()) {
      LOG.info(
          () ->
              "Mailbox "
                  + migration.getEmail()
                  + ": flags of "
                  + changes.size()
                  + " messages in "
                  + batch.folder.displayName
                  + " changed on the source and were carried over");
    }
  }

  /**
   * Records of this folder made under an earlier UIDVALIDITY whose fingerprints match messages in
   * the batch: those messages were copied before the source renumbered them (RFC 3501 2.3.1.1) and
   * must not be copied again. A record under the current UIDVALIDITY names another message.
   */
  private Map<String, List<MigratedMessage>> staleRecords(FolderBatch batch) {
    if (batch.uidValidity == null || batch.entries.isEmpty()) {
      return Map.of();
    }
    // Only a folder whose UIDVALIDITY changed has such records, and none appear during a run:
    // asked once per folder and run instead of once per chunk.
    Boolean any = foldersWithStaleRecords.get(batch.folder.checkpointId);
    if (any == null) {
      any = progress.hasRecordsOutside(batch.folder.checkpointId, batch.uidValidity.value());
      foldersWithStaleRecords.put(batch.folder.checkpointId, any);
    }
    if (!any) {
      return Map.of();
    }
    Map<String, List<MigratedMessage>> stale = new HashMap<>();
    progress
        .recordsByFingerprint(
            batch.folder.checkpointId,
            batch.entries.stream().map(e -> e.ref().fingerprint().value()).distinct().toList())
        .forEach(
            (fingerprint, records) -> {
              List<MigratedMessage> old =
                  new ArrayList<>(
                      records.stream()
                          .filter(r -> r.getUidValidity() != batch.uidValidity.value())
                          .toList());
              if (!old.isEmpty()) {
                stale.put(fingerprint, old);
              }
            });
    return stale;
  }

  private void prepareDestination(FolderState folder) throws MessagingException {
    try {
      recovery.prepare(folder, destination);
    } catch (FolderCreationException e) {
      throw stop(e.getMessage(), e);
    }
  }

  private static NewRecord record(FolderBatch batch, MessageRef ref, Long destUid) {
    return new NewRecord(
        batch.uidValidity, ref.uid(), ref.fingerprint(), destUid, FlagList.format(ref.flags()));
  }

  private static NewError error(MessageRef ref, String reason, MessageErrorKind kind) {
    return new NewError(
        ref.uid().value(), ref.messageId(), ref.subject(), ref.size(), reason, kind);
  }

  private static void rethrow(Exception failed) throws MessagingException, IOException {
    if (failed instanceof MessagingException messaging) {
      throw messaging;
    }
    if (failed instanceof IOException io) {
      throw io;
    }
    if (failed instanceof RuntimeException runtime) {
      throw runtime;
    }
  }

  private interface VoidStep {
    void run() throws MessagingException, IOException;
  }

  private void retrying(String role, ServerEndpoint endpoint, VoidStep step)
      throws InterruptedException {
    retrying(
        role,
        endpoint,
        () -> {
          step.run();
          return null;
        });
  }

  /** Runs a step against a server under the retry policy; giving up stops the mailbox. */
  private <T> T retrying(String role, ServerEndpoint endpoint, ServerRetries.Step<T> step)
      throws InterruptedException {
    try {
      return new ServerRetries(config.retries(), Thread::sleep, migration.getEmail())
          .run(role, endpoint, () -> reconnect(role), step);
    } catch (ServerRetries.GaveUp e) {
      throw stop(e.getMessage(), e.getCause());
    }
  }

  /**
   * After a dropped connection, that server's connection anew (a failure here counts as another
   * attempt). The next read reopens the folder at the committed checkpoint; the destination folder
   * is scanned again before the next append.
   */
  private void reconnect(String role) throws MessagingException {
    if (role.equals("source")) {
      closeFolder();
      connectSource();
    } else {
      recovery.forgetPrepared();
      connectDestination();
    }
  }

  private MailboxStoppedException stop(String reason, Throwable cause) {
    if (cause != null) {
      LOG.log(Level.FINE, "Mailbox " + migrationId + " stopped", cause);
    }
    try {
      MailboxMigration current = progress.find(migrationId);
      if (current.getStatus() != MigrationStatus.ERROR) {
        progress.failed(migrationId, reason);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the failure of mailbox " + migrationId, e);
    }
    return new MailboxStoppedException(reason, cause);
  }

  private void closeFolder() {
    listedAhead = List.of();
    if (openFolder != null) {
      openFolder.close();
      openFolder = null;
    }
  }

  private void closeSource() {
    dropReadAhead();
    closeFolder();
    if (source != null) {
      source.close();
      source = null;
    }
  }

  private void closeDestination() {
    synchronized (destinationLock) {
      if (destination != null) {
        destination.close();
        destination = null;
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    closeDestination();
    closeSource();
    if (holdsSlot) {
      slots.release(migrationId);
      holdsSlot = false;
    }
    if (claimed) {
      slots.unclaim(migrationId);
      claimed = false;
    }
    if (spool != null) {
      SpoolDirectories.delete(spool);
      spool = null;
    }
  }
}
