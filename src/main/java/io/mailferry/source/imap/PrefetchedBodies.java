package io.mailferry.source.imap;

import io.mailferry.imap.MessageContent;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.domain.Uid;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The contents of a folder's first messages, asked for with its opening: the listing that names
 * them has not been answered yet, so they are asked for by position (a fresh folder's first
 * messages are its first chunk): as many as one chunk holds, and no more than the folder's average
 * size lets fit one in-memory batch. A distant source then answers a small folder's opening,
 * listing and contents in one round trip.
 *
 * <p>Each content is asked for up to one octet past the size held in memory: one that arrives
 * longer is to be spooled, and is fetched again as such. Whatever the server sends, no more than
 * one batch is kept.
 */
final class PrefetchedBodies {

  private static final int PARTIAL = (int) OpenSourceFolder.STREAM_THRESHOLD + 1;

  /**
   * The engine lists four chunks' worth at a time: its first chunk is a quarter of the first
   * listing, and no more is asked for, so that the first chunk is not held up by the ones after.
   */
  private static final int LISTING_CHUNKS = 4;

  private final Map<Uid, MessageContent> kept = new HashMap<>();
  private long keptBytes;

  /**
   * The FETCH of a folder's first contents, sent after its EXAMINE; null where it would not pay: a
   * folder resumed after a checkpoint (its first messages are copied already), an empty one, or one
   * whose size is not known.
   */
  static String command(FolderSize planned, long listAfterUid, int listMax) {
    long count = count(planned, listAfterUid, listMax);
    // a folder that lost messages since it was counted refuses the range: nothing is prefetched
    return count < 1 ? null : "FETCH 1:" + count + " (UID BODY.PEEK[]<0." + PARTIAL + ">)";
  }

  /**
   * Whether {@link #command} asks for every message the folder is planned to hold and has room to
   * keep them all (one over the streaming threshold, which the plan cannot show, is asked for
   * again).
   */
  static boolean coversFolder(FolderSize planned, long listAfterUid, int listMax) {
    long count = count(planned, listAfterUid, listMax);
    return count > 0
        && count == planned.messages()
        && planned.messages() <= listMax
        && planned.bytes() <= ContentFetch.BATCH_BYTES;
  }

  private static long count(FolderSize planned, long listAfterUid, int listMax) {
    if (planned == null || listAfterUid > 0 || listMax < 1 || planned.messages() < 1) {
      return 0;
    }
    long average = Math.max(1, planned.bytes() / planned.messages());
    long firstChunk = Math.max(1, listMax / LISTING_CHUNKS);
    return Math.max(
        1, Math.min(Math.min(planned.messages(), firstChunk), ContentFetch.BATCH_BYTES / average));
  }

  /**
   * Takes a response to {@link #command}: true when it is one (kept, or dropped as too long or
   * beyond the batch), false for anything else.
   */
  boolean offer(Response response) {
    if (!(response instanceof FetchResponse fetch)) {
      return false;
    }
    BODY body = fetch.getItem(BODY.class);
    UID uid = fetch.getItem(UID.class);
    if (body == null || uid == null || !wholeMessage(body)) {
      return false;
    }
    ByteArray bytes = body.getByteArray();
    if (bytes != null
        && bytes.getCount() < PARTIAL
        && keptBytes + bytes.getCount() <= ContentFetch.BATCH_BYTES) {
      kept.put(
          Uid.of(uid.uid),
          MessageContent.inMemory(bytes.getBytes(), bytes.getStart(), bytes.getCount()));
      keptBytes += bytes.getCount();
    }
    return true;
  }

  private static boolean wholeMessage(BODY body) {
    String section = body.getSection();
    return (section == null || section.isEmpty()) && body.getOrigin() == 0;
  }

  /** The content of this message if it was prefetched, handed over once. */
  MessageContent take(Uid uid) {
    MessageContent content = kept.remove(uid);
    if (content != null) {
      keptBytes -= content.length();
    }
    return content;
  }

  Set<Uid> uids() {
    return kept.keySet();
  }

  void clear() {
    kept.values().forEach(MessageContent::close);
    kept.clear();
    keptBytes = 0;
  }
}
