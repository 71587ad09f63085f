package io.mailferry.migration.application;

import io.mailferry.imap.FlagList;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.source.imap.OpenSourceFolder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Reads one mailbox's folders from the source, one chunk at a time, after each folder's committed
 * checkpoint: the messages' contents within the chunk's memory budget, and for each message left
 * out the reason. One folder is open at a time; the reader is used by one thread at a time.
 */
final class FolderReader {

  private static final Logger LOG = Logger.getLogger(FolderReader.class.getName());

  private static final int LISTING_CHUNKS = 4;

  /** Folders opened ahead at most: their answers wait in the connection until read. */
  private static final int OPENINGS_AHEAD = 4;

  /** Which messages the domain's rules leave out, and why (null: copied). */
  interface Rules {
    String leavesOut(boolean deletedOnSource, long size);
  }

  private final Supplier<MailSource> source;
  private final Rules rules;
  private final int chunkMessages;
  private final Path spool;
  private final String mailbox;

  private SourceFolder openFolder;

  /** The folder {@link #openFolder} is, or null. */
  private FolderState openState;

  private long cursor;
  private boolean reconciling;

  /** The end of the folder whose last chunk was read last, read along with it; returned next. */
  private FolderBatch endRead;

  /** Listed after the cursor but left out of the last chunk by its budget; read next. */
  private List<MessageRef> listedAhead = List.of();

  /**
   * Whether the source served its large messages as long as it listed them: one that did not makes
   * the append that announced the listed size fail, and its later ones are appended once read.
   */
  private boolean listedSizesHold = true;

  FolderReader(
      Supplier<MailSource> source, Rules rules, int chunkMessages, Path spool, String mailbox) {
    this.source = source;
    this.rules = rules;
    this.chunkMessages = chunkMessages;
    this.spool = spool;
    this.mailbox = mailbox;
  }

  /**
   * The next chunk of the folder, or its end (no message, {@code endOfFolder}) with what the
   * folder's end needs: every source UID for the gap pass and, for a folder copied before, the
   * flags changed on the source since.
   */
  FolderBatch read(FolderState folder) throws MessagingException, IOException {
    return read(folder, List.of());
  }

  /**
   * As {@link #read(FolderState)}; where the chunk is the folder's last, the folder's end is read
   * along with it and the folders read after it ({@code upcoming}, in order) are opened ahead: the
   * first, and each next one while the one before comes whole with its opening. The source starts
   * on them while this chunk is appended.
   */
  FolderBatch read(FolderState folder, List<FolderState> upcoming)
      throws MessagingException, IOException {
    return read(folder, upcoming, null);
  }

  /**
   * As {@link #read(FolderState, List)}; a chunk of one large message is handed to {@code handOver}
   * (where given) as soon as its content starts to arrive, so that it is appended while it is read,
   * and returned once it is read whole. Nothing is read ahead behind it: the read ends with the
   * message, so that a read that fails leaves its content unfinished and never appended.
   */
  FolderBatch read(FolderState folder, List<FolderState> upcoming, Consumer<FolderBatch> handOver)
      throws MessagingException, IOException {
    if (endRead != null && endRead.folder == folder) {
      FolderBatch end = endRead;
      endRead = null;
      return end;
    }
    endRead = null;
    SourceFolder open = open(folder);
    List<MessageRef> listed =
        listedAhead.isEmpty() ? open.nextMessages(cursor, listingMessages()) : listedAhead;
    List<MessageRef> chunk = nextChunk(listed);
    // the first contents came with the folder's opening: the chunk ends where they end, so that it
    // waits for nothing and the rest is asked for ahead while it is appended
    List<MessageRef> refs =
        chunk.isEmpty() ? chunk : chunk.subList(0, Math.max(1, open.readableAtOnce(chunk)));
    listedAhead = List.copyOf(listed.subList(refs.size(), listed.size()));
    UidValidity uidValidity = open.uidValidity();
    if (refs.isEmpty()) {
      return endOf(folder, open);
    }
    cursor = refs.get(refs.size() - 1).uid().value();
    if (handOver != null && growsWhileAppended(refs)) {
      return readGrowing(folder, open, uidValidity, refs.get(0), handOver, upcoming);
    }
    List<FolderBatch.Entry> entries =
        entriesFor(open, refs, () -> askForWhatFollows(folder, open, upcoming));
    if (listedAhead.isEmpty() && !upcoming.isEmpty()) {
      listedAhead = open.nextMessages(cursor, listingMessages());
      if (listedAhead.isEmpty()) {
        endRead = endOf(folder, open);
        endRead.nextOpenedAhead = true;
        releaseFolder();
        openAhead(upcoming);
      }
    }
    if (!listedAhead.isEmpty()) {
      List<MessageRef> following = nextChunk(listedAhead);
      open.fetchAhead(copied(following));
      listAheadAfter(open, following, listedAhead);
      if (!upcoming.isEmpty() && endsWith(folder, open, following, listedAhead)) {
        // written behind that FETCH: a distant source answers both in the same round trip
        openAhead(upcoming);
      } else if (following.size() < listedAhead.size() && allInMemory(following)) {
        // and the chunk after it: the source sends on while the next two are appended (a chunk
        // with a message read in pieces reads it with commands of its own, which would drop it)
        List<MessageRef> rest = listedAhead.subList(following.size(), listedAhead.size());
        List<MessageRef> after = nextChunk(rest);
        open.fetchAhead(copied(after));
        listAheadAfter(open, after, rest);
        if (!upcoming.isEmpty() && endsWith(folder, open, after, rest)) {
          openAhead(upcoming);
        }
      }
    }
    return new FolderBatch(folder, uidValidity, entries, false, reconciling);
  }

  /**
   * Where this chunk asked for ahead is the last of what is listed ({@code rest}) and the folder
   * goes on, lists the next window behind its FETCH: a distant source answers both without a round
   * trip between them. Not behind a chunk with a message read in pieces: that is asked for behind
   * its last piece instead ({@link #askForWhatFollows}).
   */
  private void listAheadAfter(SourceFolder open, List<MessageRef> chunk, List<MessageRef> rest)
      throws MessagingException {
    if (chunk.size() == rest.size() && allInMemory(chunk) && !open.listedWhole()) {
      open.listAhead(chunk.get(chunk.size() - 1).uid().value(), listingMessages());
    }
  }

  /**
   * Sends the opening of the folder read first, as {@link #read} opens it from this checkpoint,
   * while the copy still starts (the destination connects, the plan is saved).
   */
  void openAhead(String sourceName, long lastUid) throws MessagingException {
    source.get().openAhead(sourceName, lastUid, listingMessages());
  }

  /**
   * Opens the next folder ahead and, while each comes whole with its opening (nothing is asked of
   * it once open), the ones after it: a distant source answers a run of small folders without
   * waiting for each in turn.
   */
  private void openAhead(List<FolderState> upcoming) throws MessagingException {
    for (FolderState next : upcoming.subList(0, Math.min(upcoming.size(), OPENINGS_AHEAD))) {
      boolean whole = source.get().openAhead(next.sourceName, next.lastUid, listingMessages());
      if (!whole || next.completedBefore) {
        return;
      }
    }
  }

  /**
   * Whether the folder's read ends with this chunk, which then needs nothing from the server but
   * the FETCH sent ahead for it: it holds the rest of a folder listed whole ({@code rest}, what is
   * listed and not asked for before it), no message is large enough to be read in pieces, and no
   * flags are to be compared at the folder's end.
   */
  private boolean endsWith(
      FolderState folder, SourceFolder open, List<MessageRef> chunk, List<MessageRef> rest) {
    return chunk.size() == rest.size()
        && !folder.completedBefore
        && !reconciling
        && open.listedWhole()
        && allInMemory(chunk);
  }

  private static boolean allInMemory(List<MessageRef> chunk) {
    return chunk.stream().allMatch(ref -> ref.size() <= OpenSourceFolder.STREAM_THRESHOLD);
  }

  private FolderBatch endOf(FolderState folder, SourceFolder open) throws MessagingException {
    FolderBatch end = new FolderBatch(folder, open.uidValidity(), List.of(), true, reconciling);
    end.highestModseq = open.highestModseq();
    // listed here, on the read ahead, so that the gap pass costs no round trip of its own
    end.sourceUids = open.allUids();
    if (folder.completedBefore && !reconciling) {
      end.flagChanges = open.flagsUpTo(folder.lastUid, folder.highestModseq);
    }
    return end;
  }

  /** The chunk these listed messages make, as {@link #read} takes it. */
  private List<MessageRef> nextChunk(List<MessageRef> listed) {
    return ChunkBudget.first(listed.subList(0, Math.min(listed.size(), chunkMessages)));
  }

  /** Those of these messages the rules do not leave out. */
  private List<MessageRef> copied(List<MessageRef> refs) {
    return refs.stream()
        .filter(ref -> rules.leavesOut(FlagList.isDeleted(ref.flags()), ref.size()) == null)
        .toList();
  }

  /**
   * Messages listed at a time: a few chunks' worth, as a listing's metadata is small and a distant
   * source charges a round trip per listing.
   */
  private int listingMessages() {
    return chunkMessages * LISTING_CHUNKS;
  }

  /** What a run has accounted for in a folder: the gap pass reads the rest again. */
  interface Accounting {
    /** The source UIDs recorded as copied under this UIDVALIDITY, or left out by a rule. */
    Set<Long> accountedUids(FolderState folder, long uidValidity);

    /** The folder's outstanding errors give way to the gap pass's new attempt. */
    void tryingAgain(FolderState folder);
  }

  /**
   * Starts the gap pass of a folder whose end was read: over every UID the source folder holds (as
   * listed with the end when the UIDVALIDITY is still the same, else listed again), less those the
   * run accounted for.
   */
  GapPass startGapPass(FolderState folder, FolderBatch end, Accounting accounting)
      throws MessagingException {
    UidValidity current;
    List<Uid> onSource;
    if (end.sourceUids != null && listedInThisSession(folder, end)) {
      current = end.uidValidity;
      onSource = end.sourceUids;
    } else {
      SourceFolder open = open(folder);
      current = open.uidValidity();
      onSource = open.allUids();
    }
    GapPass pass = GapPass.of(end, onSource, accounting.accountedUids(folder, current.value()));
    if (!pass.isDone()) {
      accounting.tryingAgain(folder);
      LOG.info(
          () ->
              "Mailbox "
                  + mailbox
                  + ": "
                  + pass.missing()
                  + " messages of "
                  + folder.displayName
                  + " are not on the destination yet; trying them again");
    }
    return pass;
  }

  /**
   * The next chunk of the messages a gap pass still misses, read by UID; those no longer on the
   * source drop out of the pass. Null when none is left.
   */
  FolderBatch readMissing(FolderState folder, GapPass gap) throws MessagingException, IOException {
    while (!gap.isDone()) {
      SourceFolder open = open(folder);
      List<Uid> wanted = gap.nextWanted(chunkMessages);
      List<MessageRef> refs = ChunkBudget.first(open.messages(wanted));
      gap.readUpTo(
          refs.isEmpty() ? wanted.get(wanted.size() - 1) : refs.get(refs.size() - 1).uid());
      if (!refs.isEmpty()) {
        return new FolderBatch(
            folder, open.uidValidity(), entriesFor(open, refs), false, reconciling);
      }
    }
    return null;
  }

  /**
   * Whether the folder's end was read on the connection as it is now: the folder is still open
   * under the same UIDVALIDITY, or the next folder was opened right after it (the end then carries
   * that folder's first chunk, {@link FolderBatch#following}).
   */
  private boolean listedInThisSession(FolderState folder, FolderBatch end) {
    if (end.following != null || end.nextOpenedAhead) {
      return true;
    }
    return openState == folder && openFolder.uidValidity().equals(end.uidValidity);
  }

  /**
   * Opens the folder unless it is open (another open folder is closed first); a new UIDVALIDITY
   * starts a reconciliation from UID 0.
   */
  private SourceFolder open(FolderState folder) throws MessagingException {
    if (openState != folder) {
      closeFolder();
    }
    if (openFolder == null) {
      // listed along with the opening, for a folder whose UIDVALIDITY is as recorded
      openFolder = source.get().open(folder.sourceName, folder.lastUid, listingMessages());
      openState = folder;
      UidValidity current = openFolder.uidValidity();
      if (current.differsFrom(folder.uidValidity)) {
        reconciling = true;
        cursor = 0;
        LOG.info(
            () ->
                "Mailbox "
                    + mailbox
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
    return openFolder;
  }

  /**
   * A chunk of one message too large to hold in memory, copied as it is (no rule leaves it out).
   */
  private boolean growsWhileAppended(List<MessageRef> refs) {
    MessageRef ref = refs.get(0);
    return refs.size() == 1
        && listedSizesHold
        && !reconciling
        && ref.size() > OpenSourceFolder.STREAM_THRESHOLD
        && rules.leavesOut(FlagList.isDeleted(ref.flags()), ref.size()) == null;
  }

  private FolderBatch readGrowing(
      FolderState folder,
      SourceFolder open,
      UidValidity uidValidity,
      MessageRef ref,
      Consumer<FolderBatch> handOver,
      List<FolderState> upcoming)
      throws MessagingException, IOException {
    FolderBatch[] handed = {null};
    MessageContent content =
        open.fetchGrowing(
            ref,
            spool,
            growing -> {
              handed[0] =
                  new FolderBatch(
                      folder,
                      uidValidity,
                      List.of(new FolderBatch.Entry(ref, growing, null, null)),
                      false,
                      reconciling);
              handOver.accept(handed[0]);
            },
            () -> askForWhatFollows(folder, open, upcoming));
    if (content != null && content.length() != ref.size()) {
      listedSizesHold = false;
    }
    if (content != null && handed[0] != null) {
      return handed[0];
    }
    if (content != null) {
      return new FolderBatch(
          folder,
          uidValidity,
          List.of(new FolderBatch.Entry(ref, content, null, null)),
          false,
          reconciling);
    }
    // not served whole: why is found as for any chunk (the handed-over append fails unfinished)
    return new FolderBatch(folder, uidValidity, entriesFor(open, List.of(ref)), false, reconciling);
  }

  /**
   * Asks for what is read after a large message, behind its pieces: the next chunk's contents, the
   * next window's listing, or where the message ends a folder that needs nothing more from the
   * server, the next folders' openings. A hint: where it cannot be sent, it is asked for when read.
   */
  private void askForWhatFollows(
      FolderState folder, SourceFolder open, List<FolderState> upcoming) {
    try {
      if (!listedAhead.isEmpty()) {
        open.fetchAhead(copied(nextChunk(listedAhead)));
      } else if (!open.listedWhole()) {
        open.listAhead(cursor, listingMessages());
      } else if (!upcoming.isEmpty() && endsWith(folder, open, List.of(), List.of())) {
        openAhead(upcoming);
      }
    } catch (MessagingException e) {
      // asked for again when it is read, which then says what failed
    }
  }

  /** The batch entries of these messages: their contents, or why each is left out. */
  private List<FolderBatch.Entry> entriesFor(SourceFolder open, List<MessageRef> refs)
      throws MessagingException, IOException {
    return entriesFor(open, refs, () -> {});
  }

  /**
   * As {@link #entriesFor(SourceFolder, List)}; {@code behind} asks for what follows once the last
   * message read in pieces is asked for.
   */
  private List<FolderBatch.Entry> entriesFor(
      SourceFolder open, List<MessageRef> refs, Runnable behind)
      throws MessagingException, IOException {
    List<FolderBatch.Entry> entries = new ArrayList<>();
    for (MessageRef ref : refs) {
      String leftOut = rules.leavesOut(FlagList.isDeleted(ref.flags()), ref.size());
      if (leftOut != null) {
        entries.add(new FolderBatch.Entry(ref, null, leftOut, MessageErrorKind.RULE));
      }
    }
    List<MessageRef> wanted = copied(refs);
    Map<Uid, MessageContent> contents = open.fetchContents(wanted, spool, behind);
    List<Uid> notServed =
        wanted.stream().map(MessageRef::uid).filter(uid -> !contents.containsKey(uid)).toList();
    Set<Uid> unreadable = notServed.isEmpty() ? Set.of() : open.present(notServed);
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

  /** Closes the open folder; the next read opens it again at the committed checkpoint. */
  void closeFolder() {
    endRead = null;
    releaseFolder();
  }

  private void releaseFolder() {
    listedAhead = List.of();
    if (openFolder != null) {
      openFolder.close();
      openFolder = null;
      openState = null;
    }
  }
}
