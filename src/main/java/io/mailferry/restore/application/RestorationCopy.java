package io.mailferry.restore.application;

import io.mailferry.config.SecretBox;
import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.ImapFailure;
import io.mailferry.migration.domain.FolderPlanner;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.PlannedFolder;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import io.mailferry.restore.domain.Restoration;
import io.mailferry.restore.domain.RestorationKind;
import io.mailferry.restore.domain.RestoredFolder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Restores one mailbox, chunk by chunk, for one job execution. Per folder it counts the
 * fingerprints the destination holds and appends a source message only where no copy of it is left
 * to match: nothing twice, whether the destination held part of it before, or a restart follows a
 * crash between an append and its record. Under the same load gate and mailbox slots as migrations
 * (a restoration holds the slot {@code -id}); while the gate is closed or no slot is free it goes
 * back to the queue and the dispatcher starts it again from its checkpoints.
 */
public final class RestorationCopy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RestorationCopy.class.getName());
  private static final long CHUNK_BYTES = 32L * 1024 * 1024;

  private final long id;
  private final RestoreSettings settings;
  private final RestorationRecords records;
  private final LoadGate gate;
  private final MailboxSlots slots;
  private final SecretBox secrets;

  private record Folder(PlannedFolder plan, long rowId, long doneThrough, boolean finished) {}

  private Restoration restoration;
  private RestoreSource source;
  private ImapDestination destination;
  private Path work;
  private final List<Folder> folders = new ArrayList<>();
  private int index;
  private MissingMessages missing;
  private boolean claimed;
  private boolean holdsSlot;
  private boolean paused;
  private boolean done;

  RestorationCopy(
      long id,
      RestoreSettings settings,
      RestorationRecords records,
      LoadGate gate,
      MailboxSlots slots,
      SecretBox secrets) {
    this.id = id;
    this.settings = settings;
    this.records = records;
    this.gate = gate;
    this.slots = slots;
    this.secrets = secrets;
  }

  /** The slot key: migrations hold their positive ids, restorations the negative ones. */
  public static long slotKey(long restorationId) {
    return -restorationId;
  }

  public void open(Long execution) {
    if (!slots.claim(slotKey(id))) {
      throw new IllegalStateException("restoration " + id + " is running already");
    }
    claimed = true;
    if (!gate.admits(slotKey(id))) {
      pause(gate.waitingReason());
      return;
    }
    try {
      if (!slots.tryAcquire(slotKey(id), 2, TimeUnit.SECONDS)) {
        pause(
            "Waiting for a free slot: "
                + slots.inUse()
                + " of "
                + slots.capacity()
                + " mailboxes are copying");
        return;
      }
      holdsSlot = true;
      restoration = records.find(id);
      records.running(id, "Connecting", execution);
      work = RestoreSpool.create(settings.spoolRoot());
      destination = RestoreConnections.destination(settings.config(), secrets, restoration);
      source = RestoreConnections.source(settings.config(), secrets, restoration);
      List<PlannedFolder> plan =
          FolderPlanner.plan(
              source.folders(),
              destination.separator(),
              destination.namespacePrefix(),
              destination.listFolders(),
              FolderRules.none());
      List<RestoredFolder> rows = new ArrayList<>();
      for (PlannedFolder folder : plan) {
        destination.ensureFolder(
            folder.destinationName(), folder.selectable(), folder.subscribed());
        rows.add(
            new RestoredFolder(
                id,
                folder.position(),
                folder.sourcePath().displayName(),
                folder.destinationName(),
                0));
      }
      List<RestoredFolder> saved = records.saveFolders(id, rows);
      for (int i = 0; i < plan.size(); i++) {
        RestoredFolder row = saved.get(i);
        folders.add(new Folder(plan.get(i), row.getId(), row.getDoneThrough(), row.isFinished()));
      }
      records.running(id, "Restoring " + plan.size() + " folders", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("Interrupted while waiting for a slot", e);
    } catch (io.mailferry.destination.imap.FolderCreationException e) {
      throw stop(e.getMessage(), e);
    } catch (MessagingException | IOException | RuntimeException e) {
      throw stop(reason(e), e);
    }
  }

  /** The next chunk, or null when the restoration is done or paused. */
  public RestoreChunk next() {
    if (paused || done) {
      return null;
    }
    if (!gate.admits(slotKey(id))) {
      pause(gate.waitingReason());
      return null;
    }
    try {
      while (index < folders.size()) {
        Folder folder = folders.get(index);
        if (folder.finished() || !folder.plan().selectable()) {
          index++;
          continue;
        }
        if (missing == null) {
          startFolder(folder);
        }
        if (!missing.hasMore()) {
          index++;
          long doneThrough = missing.doneThrough();
          missing = null;
          return new RestoreChunk(
              folder.rowId(),
              name(folder),
              folder.plan().destinationName(),
              List.of(),
              Map.of(),
              0,
              doneThrough,
              true);
        }
        return chunk(folder);
      }
      finish();
      return null;
    } catch (MessagingException | IOException | RuntimeException e) {
      throw stop(reason(e), e);
    }
  }

  private void startFolder(Folder folder) throws MessagingException, IOException {
    records.running(id, "Restoring " + name(folder), null);
    List<SourceItem> items = source.items(folder.plan().sourceName());
    missing =
        new MissingMessages(
            items,
            destination.fingerprintCounts(folder.plan().destinationName()),
            folder.doneThrough());
    records.folderMessages(folder.rowId(), items.size());
  }

  private RestoreChunk chunk(Folder folder) throws MessagingException, IOException {
    MissingMessages.Taken taken = missing.next(settings.chunkMessages(), CHUNK_BYTES);
    Map<Long, OutgoingMessage> messages =
        taken.toAppend().isEmpty()
            ? Map.of()
            : source.read(folder.plan().sourceName(), taken.toAppend(), work);
    return new RestoreChunk(
        folder.rowId(),
        name(folder),
        folder.plan().destinationName(),
        taken.toAppend(),
        messages,
        taken.present(),
        taken.doneThrough(),
        taken.last());
  }

  /** Appends the chunk and records it; its checkpoint commits after the append. */
  public void write(RestoreChunk chunk) {
    long appended = 0;
    long refusedHere = 0;
    try {
      List<SourceItem> sent = new ArrayList<>();
      List<OutgoingMessage> outgoing = new ArrayList<>();
      for (SourceItem item : chunk.toAppend()) {
        OutgoingMessage message = chunk.messages().get(item.position());
        if (message == null) {
          refusedHere++;
          records.refused(id, chunk.folder(), item.label(), "gone from the source while restoring");
        } else {
          sent.add(item);
          outgoing.add(message);
        }
      }
      if (!outgoing.isEmpty()) {
        List<AppendOutcome> outcomes = destination.append(chunk.destinationName(), outgoing);
        for (int i = 0; i < outcomes.size(); i++) {
          if (outcomes.get(i).isAppended()) {
            appended++;
          } else {
            refusedHere++;
            records.refused(id, chunk.folder(), sent.get(i).label(), outcomes.get(i).rejection());
          }
        }
      }
      records.chunk(
          chunk.folderId(),
          appended,
          chunk.present(),
          refusedHere,
          chunk.doneThrough(),
          chunk.last());
    } catch (MessagingException | RuntimeException e) {
      throw stop(reason(e), e);
    } finally {
      chunk.messages().values().forEach(m -> m.content().close());
    }
  }

  private void finish() {
    done = true;
    long refusedInAll = records.folders(id).stream().mapToLong(RestoredFolder::getRefused).sum();
    if (refusedInAll > 0) {
      records.failed(
          id,
          "Incomplete: "
              + refusedInAll
              + (refusedInAll == 1 ? " message was" : " messages were")
              + " refused by the destination (see the errors); a restart tries them again");
      return;
    }
    records.completed(id, "Restored: every message is on the destination");
    if (restoration.getKind() == RestorationKind.ARCHIVE) {
      RestoreSpool.delete(Path.of(restoration.getSpoolDirectory()));
    }
    LOG.info(() -> "Restoration " + id + " of " + restoration.getEmail() + " completed");
  }

  private void pause(String reason) {
    paused = true;
    records.queued(id, reason);
  }

  private String name(Folder folder) {
    return folder.plan().sourcePath().displayName();
  }

  private RestorationStoppedException stop(String reason, Throwable cause) {
    LOG.log(java.util.logging.Level.WARNING, "Restoration " + id + " stopped: " + reason, cause);
    records.failed(id, reason);
    close();
    return new RestorationStoppedException(reason, cause);
  }

  private static String reason(Throwable e) {
    if (e instanceof MessagingException) {
      return ImapFailure.rootMessage(e);
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
      source = null;
    }
    if (destination != null) {
      destination.close();
      destination = null;
    }
    if (holdsSlot) {
      slots.release(slotKey(id));
      holdsSlot = false;
    }
    if (claimed) {
      slots.unclaim(slotKey(id));
      claimed = false;
    }
    if (work != null) {
      RestoreSpool.delete(work);
      work = null;
    }
  }
}
