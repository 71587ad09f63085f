package io.mailferry.migration.application;

import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.migration.application.port.FolderStatus;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.domain.Fingerprint;
import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Before the first append into a destination folder in a run: the folder is created if need be, and
 * the messages appended after the last checkpoint (a crash between APPEND and commit) are learnt,
 * so that they are recorded instead of appended twice.
 */
final class DestinationRecovery {

  private static final Logger LOG = Logger.getLogger(DestinationRecovery.class.getName());

  /** What recovery reads and writes of the folder's committed state. */
  interface Marks {
    /** Records the destination folder's {UIDVALIDITY, UIDNEXT} as the folder's mark. */
    void destinationMark(long checkpointId, long uidValidity, long uidNext);

    /** The destination UIDs from {@code fromUid} on that records of this folder name. */
    Set<Long> recordedDestinationUids(long checkpointId, long fromUid);
  }

  private final Marks marks;
  private final String mailbox;
  private final Set<Long> prepared = ConcurrentHashMap.newKeySet();
  private volatile Map<Fingerprint, Deque<Long>> unrecorded = new HashMap<>();

  /**
   * The destination connection was lost in this run, perhaps because the server crashed while it
   * saved a chunk. Dovecot then answers STATUS without the messages it had moved into the folder
   * but not numbered yet, while the dead process's lock on the folder's UID list is left; a command
   * that opens the folder waits that lock out and numbers them. So each folder is opened and
   * scanned, whatever STATUS says.
   */
  private volatile boolean connectionLost;

  DestinationRecovery(Marks marks, String mailbox) {
    this.marks = marks;
    this.mailbox = mailbox;
  }

  boolean isPrepared(FolderState folder) {
    return prepared.contains(folder.checkpointId);
  }

  /** After the destination connection was lost: each folder is looked at again, opened. */
  void afterConnectionLost() {
    prepared.clear();
    connectionLost = true;
  }

  /**
   * The destination UID of a message with this fingerprint appended before a crash and not yet
   * recorded (each such message is handed out once), or null.
   */
  Long takeUnrecorded(Fingerprint fingerprint) {
    Deque<Long> uids = unrecorded.get(fingerprint);
    return uids == null ? null : uids.poll();
  }

  void prepare(FolderState folder, MailDestination destination)
      throws FolderCreationException, MessagingException {
    if (isPrepared(folder)) {
      return;
    }
    destination.ensureFolder(folder.destinationName, folder.selectable, folder.subscribed);
    unrecorded = new HashMap<>();
    if (folder.selectable) {
      FolderStatus status = destination.status(folder.destinationName);
      long scanFrom;
      boolean sameFolder = true;
      if (folder.destUidNext == null) {
        // No committed mark: an earlier run may have appended into this folder and lost the mark
        // with its commit. Only a scan of the whole folder tells which messages are already there.
        marks.destinationMark(folder.checkpointId, status.uidValidity(), status.uidNext());
        folder.destUidValidity = status.uidValidity();
        folder.destUidNext = status.uidNext();
        scanFrom = 1;
      } else if (folder.destUidValidity != null && folder.destUidValidity != status.uidValidity()) {
        sameFolder = false;
        scanFrom = 1;
      } else {
        scanFrom = folder.destUidNext;
      }
      if (scanFrom < status.uidNext() || connectionLost) {
        recognise(folder, destination, scanFrom, sameFolder, status);
      }
    }
    prepared.add(folder.checkpointId);
  }

  /**
   * Learns the destination's messages from {@code scanFrom} on that no record names. A scan that
   * finds none moves the folder's mark up to the destination's UIDNEXT, so that the next run does
   * not scan them again.
   */
  private void recognise(
      FolderState folder,
      MailDestination destination,
      long scanFrom,
      boolean sameFolder,
      FolderStatus status)
      throws MessagingException {
    Set<Long> recorded =
        sameFolder ? marks.recordedDestinationUids(folder.checkpointId, scanFrom) : Set.of();
    int count = 0;
    for (Map.Entry<Fingerprint, List<Long>> found :
        destination.messagesFrom(folder.destinationName, scanFrom).entrySet()) {
      for (long uid : found.getValue()) {
        if (!recorded.contains(uid)) {
          unrecorded.computeIfAbsent(found.getKey(), k -> new ArrayDeque<>()).add(uid);
          count++;
        }
      }
    }
    if (count == 0 && sameFolder) {
      marks.destinationMark(folder.checkpointId, status.uidValidity(), status.uidNext());
      folder.destUidNext = status.uidNext();
      return;
    }
    int recognised = count;
    LOG.info(
        () ->
            "Mailbox "
                + mailbox
                + ": "
                + recognised
                + " messages in "
                + folder.displayName
                + " were appended after the last checkpoint; they will not be appended again");
  }
}
