package io.mailferry.source.imap;

import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.imap.RawImap;
import io.mailferry.migration.application.UnreadableChunkException;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * A source folder opened with EXAMINE on the source's one connection. Reads metadata in UID windows
 * and bodies in batches, so memory holds one batch at a time whatever the folder's size.
 *
 * <p>The folder stays selected until another is opened (EXAMINE deselects the one before, RFC 3501
 * 6.3.2), so closing it costs no round trip; the EXAMINE and the folder's first listing go out
 * together ({@link FolderOpening}); the end of a folder whose listings covered every UID needs no
 * listing of its own; contents are fetched by {@link ContentFetch}.
 */
public final class OpenSourceFolder implements SourceFolder {

  /** Above this size a message is streamed to a spool file in pieces instead of held in memory. */
  public static final long STREAM_THRESHOLD = 1024 * 1024;

  private static final int SIZE_WINDOW = 5000;
  private static final int MAX_WINDOW_FACTOR = 16;

  private final SourceSession session;
  private final ContentFetch contents;
  private final String fullName;
  private final UidValidity uidValidity;
  private final long uidNext;
  private final long highestModseq;
  private final ListedUids listed = new ListedUids();
  private int exists;

  /** Whether the server reported a message arriving or going since the EXAMINE. */
  private boolean changed;

  /** The listing sent with the EXAMINE, until {@link #nextMessages} takes it. */
  private FirstListing firstListing;

  private record FirstListing(long afterUid, int max, long last, List<MessageRef> refs) {}

  OpenSourceFolder(
      SourceSession session, String fullName, MailboxInfo info, PrefetchedBodies prefetched) {
    this.session = session;
    this.contents = new ContentFetch(session, this, prefetched);
    this.fullName = fullName;
    this.uidValidity = UidValidity.of(info.uidvalidity);
    this.uidNext = info.uidnext;
    this.highestModseq = info.highestmodseq;
    this.exists = info.total;
  }

  /** The answer to the listing sent with the EXAMINE; a refused one is asked again when needed. */
  void takeFirstListing(long afterUid, int max, long last, Response[] examined, Response[] answer) {
    Response status = answer[answer.length - 1];
    if (status == null || !status.isOK()) {
      return;
    }
    List<MessageRef> refs = new ArrayList<>();
    for (Response response : answer) {
      if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
        add(refs, fetch, afterUid);
      } else {
        notice(response);
      }
    }
    for (Response response : examined) {
      // read while the EXAMINE was outstanding, but the listing's: told by what it is
      if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
        add(refs, fetch, afterUid);
      }
    }
    long through = uidNext > 0 ? Math.min(last, uidNext - 1) : last;
    refs.removeIf(ref -> ref.uid().value() > through);
    refs.sort(Comparator.comparing(MessageRef::uid));
    listed.listed(afterUid + 1, through, uids(refs));
    firstListing = new FirstListing(afterUid, max, through, refs);
  }

  String fullName() {
    return fullName;
  }

  public UidValidity uidValidity() {
    return uidValidity;
  }

  public long uidNext() {
    return uidNext;
  }

  /** Message count and total octets, read in sequence windows of RFC822.SIZE. */
  public FolderSize countAndBytes() throws MessagingException {
    session.check(this);
    int count = exists;
    long bytes = 0;
    for (int from = 1; from <= count; from += SIZE_WINDOW) {
      int to = Math.min(count, from + SIZE_WINDOW - 1);
      long[] sum = {0};
      String range = from + ":" + to;
      session.command(
          protocol -> {
            var responses = protocol.command("FETCH " + range + " (RFC822.SIZE)", null);
            for (var response : responses) {
              if (response instanceof FetchResponse fetch
                  && fetch.getItem(RFC822SIZE.class) != null) {
                sum[0] += fetch.getItem(RFC822SIZE.class).size;
              } else {
                notice(response);
              }
            }
            protocol.handleResult(responses[responses.length - 1]);
            return null;
          });
      bytes += sum[0];
    }
    return new FolderSize(count, bytes);
  }

  /**
   * The next messages after {@code afterUid} in UID order, at most about {@code max}. UIDs can be
   * sparse, so the window widens while it finds nothing.
   */
  public List<MessageRef> nextMessages(long afterUid, int max) throws MessagingException {
    List<MessageRef> result = new ArrayList<>();
    long from = listed.nextUnlisted(afterUid);
    long window = max;
    FirstListing first = firstListing;
    firstListing = null;
    if (first != null && first.afterUid() == afterUid && first.max() == max) {
      if (!first.refs().isEmpty()) {
        return new ArrayList<>(first.refs());
      }
      from = Math.max(from, first.last() + 1);
      window = (long) max * 4;
    }
    if (uidNext <= 0) {
      uidFetch(from + ":*", RawImap.METADATA_ITEMS, r -> add(result, r, afterUid));
      result.sort(Comparator.comparing(MessageRef::uid));
      return result.size() > max ? new ArrayList<>(result.subList(0, max)) : result;
    }
    while (result.isEmpty() && from < uidNext && from <= Uid.MAX) {
      long to = Math.min(uidNext - 1, from + window - 1);
      List<MessageRef> found = new ArrayList<>();
      boolean sentAhead =
          session.takeListingAhead(
              this,
              Uid.of(from),
              Uid.of(to),
              (pending, response) -> {
                if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
                  add(found, fetch, afterUid);
                } else {
                  notice(response);
                }
              });
      if (!sentAhead) {
        uidFetch(from + ":" + to, RawImap.METADATA_ITEMS, r -> add(found, r, afterUid));
      }
      found.sort(Comparator.comparing(MessageRef::uid));
      listed.listed(from, to, uids(found));
      result.addAll(found);
      from = to + 1;
      // a dense stretch after a sparse one must not arrive as one huge answer: the window is
      // capped so that one listing holds at most a few thousand messages' metadata
      window = Math.min(window * 4, (long) max * MAX_WINDOW_FACTOR);
    }
    return result;
  }

  /**
   * Sends the listing {@link #nextMessages} sends first for the messages after {@code afterUid},
   * without waiting for its answer: the next window's, asked for while the last chunk of this one
   * is read, so that a distant source's round trip is not waited for then.
   */
  @Override
  public void listAhead(long afterUid, int max) throws MessagingException {
    long from = listed.nextUnlisted(afterUid);
    if (uidNext <= 0 || from >= uidNext || from > Uid.MAX || !session.canWriteAhead(this)) {
      return;
    }
    long to = Math.min(uidNext - 1, from + max - 1);
    session.check(this);
    session.sendListingAhead(
        this,
        Uid.of(from),
        Uid.of(to),
        "UID FETCH " + from + ":" + to + " " + RawImap.METADATA_ITEMS);
  }

  private static List<Long> uids(List<MessageRef> refs) {
    return refs.stream().map(ref -> ref.uid().value()).toList();
  }

  /** An untagged response other than the FETCH asked for: a message that came or went. */
  void notice(Response response) {
    if (response instanceof IMAPResponse untagged) {
      if (untagged.keyEquals("EXISTS")) {
        changed |= untagged.getNumber() != exists;
        exists = untagged.getNumber();
      } else if (untagged.keyEquals("EXPUNGE") || untagged.keyEquals("VANISHED")) {
        changed = true;
        exists = Math.max(0, exists - 1);
      }
    }
  }

  void uidFetch(String uidSet, String items, Consumer<FetchResponse> consumer)
      throws MessagingException {
    session.check(this);
    session.command(
        protocol -> {
          RawImap.uidFetch(protocol, uidSet, items, consumer, this::notice);
          return null;
        });
  }

  private static void add(
      List<MessageRef> result,
      org.eclipse.angus.mail.imap.protocol.FetchResponse response,
      long afterUid) {
    MessageRef ref = RawImap.toMessageRef(response);
    // "n:*" always includes the highest UID, even below n (RFC 3501 6.4.8)
    if (ref != null && ref.uid().value() > afterUid) {
      result.add(ref);
    }
  }

  /**
   * The raw octets of these messages. Small ones arrive in batched FETCHes held once in memory,
   * large ones stream to a spool file. A message missing from the answer was expunged meanwhile.
   *
   * @throws UnreadableChunkException when the server refuses a FETCH of them (NO or BAD): the chunk
   *     cannot be read now, the connection and the rest of the folder can
   */
  public Map<Uid, MessageContent> fetchContents(List<MessageRef> refs, Path spoolDirectory)
      throws MessagingException, IOException {
    return fetchContents(refs, spoolDirectory, () -> {});
  }

  /**
   * As {@link #fetchContents(List, Path)}; {@code behind} runs once the last large one is asked
   * for.
   */
  @Override
  public Map<Uid, MessageContent> fetchContents(
      List<MessageRef> refs, Path spoolDirectory, Runnable behind)
      throws MessagingException, IOException {
    try {
      return contents.fetch(refs, spoolDirectory, behind);
    } catch (MessagingException e) {
      if (ImapFailure.classify(e) != ImapFailure.REFUSED) {
        throw e;
      }
      throw new UnreadableChunkException(
          fullName, uidValidity.value(), refs, ImapFailure.rootMessage(e));
    }
  }

  /**
   * As {@link #fetchContents} for one message over {@link #STREAM_THRESHOLD}: it is spooled in
   * pieces and handed to {@code started} as soon as the spool file exists; {@code behind} runs once
   * its first pieces are asked for.
   */
  @Override
  public MessageContent fetchGrowing(
      MessageRef ref, Path spoolDirectory, Consumer<MessageContent> started, Runnable behind)
      throws MessagingException, IOException {
    if (ref.size() <= STREAM_THRESHOLD) {
      return SourceFolder.super.fetchGrowing(ref, spoolDirectory, started, behind);
    }
    try {
      return contents.fetchGrowing(ref, spoolDirectory, started, behind);
    } catch (MessagingException e) {
      if (ImapFailure.classify(e) != ImapFailure.REFUSED) {
        throw e;
      }
      throw new UnreadableChunkException(
          fullName, uidValidity.value(), List.of(ref), ImapFailure.rootMessage(e));
    }
  }

  @Override
  public int readableAtOnce(List<MessageRef> refs) {
    return contents.readableAtOnce(refs);
  }

  /**
   * Sends the FETCH of these messages' contents (those held in memory, as {@link #fetchContents}
   * would ask for them first, or the first pieces of one large message) without waiting for its
   * answer: the next chunk's, asked for while this one is appended, so that a distant source's
   * round trip is not waited for again.
   */
  @Override
  public void fetchAhead(List<MessageRef> refs) throws MessagingException {
    contents.fetchAhead(refs);
  }

  /**
   * Whether the listings covered every UID below the folder's UIDNEXT and no message came or went
   * since: the folder's end and its every UID are then known without another command.
   */
  @Override
  public boolean listedWhole() {
    return !changed && uidNext > 0 && listed.coversAll(uidNext - 1);
  }

  /**
   * Every UID the folder holds now, in UID order: as listed, where this folder's listings covered
   * every UID below its UIDNEXT and no message came or went since.
   */
  public List<Uid> allUids() throws MessagingException {
    List<Uid> all = !changed && uidNext > 0 ? listed.all(uidNext - 1) : null;
    if (all != null) {
      return all;
    }
    List<Uid> uids = new ArrayList<>();
    if (exists > 0 || changed) {
      uidFetch("1:*", "(UID)", r -> uids.add(Uid.of(r.getItem(UID.class).uid)));
    }
    uids.sort(Comparator.naturalOrder());
    return uids;
  }

  /** The messages with these UIDs that the folder still holds, in UID order. */
  public List<MessageRef> messages(List<Uid> uids) throws MessagingException {
    List<MessageRef> result = new ArrayList<>();
    if (!uids.isEmpty()) {
      uidFetch(RawImap.uidSet(uids), RawImap.METADATA_ITEMS, r -> add(result, r, 0));
    }
    Set<Uid> wanted = new HashSet<>(uids);
    result.removeIf(ref -> !wanted.contains(ref.uid()));
    result.sort(Comparator.comparing(MessageRef::uid));
    return result;
  }

  /** Which of these UIDs the folder still holds (to tell an expunged message from a broken one). */
  public Set<Uid> present(List<Uid> uids) throws MessagingException {
    Set<Uid> present = new HashSet<>();
    if (!uids.isEmpty()) {
      uidFetch(RawImap.uidSet(uids), "(UID)", r -> present.add(Uid.of(r.getItem(UID.class).uid)));
    }
    return present;
  }

  /**
   * The current flags of messages up to {@code lastUid}: with CONDSTORE (RFC 7162) only those
   * changed since {@code sinceModseq}, else all of them, read in UID windows.
   */
  public Map<Uid, Flags> flagsUpTo(long lastUid, Long sinceModseq) throws MessagingException {
    Map<Uid, Flags> result = new HashMap<>();
    if (lastUid < 1) {
      return result;
    }
    String changedSince =
        sinceModseq != null && highestModseq() != null ? " (CHANGEDSINCE " + sinceModseq + ")" : "";
    long window = changedSince.isEmpty() ? 5000 : lastUid;
    for (long from = 1; from <= lastUid; from += window) {
      long to = Math.min(lastUid, from + window - 1);
      uidFetch(
          from + ":" + to,
          "(UID FLAGS)" + changedSince,
          response -> {
            UID uid = response.getItem(UID.class);
            FLAGS flags = response.getItem(FLAGS.class);
            if (uid != null && flags != null && uid.uid <= lastUid) {
              result.put(Uid.of(uid.uid), flags);
            }
          });
    }
    return result;
  }

  public Long highestModseq() {
    return highestModseq > 0 ? highestModseq : null;
  }

  /** Nothing to send: the folder stays selected until the next EXAMINE deselects it. */
  @Override
  public void close() {
    contents.release();
    session.release(this);
  }
}
