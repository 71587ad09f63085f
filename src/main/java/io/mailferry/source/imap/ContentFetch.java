package io.mailferry.source.imap;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.imap.RawImap;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The contents of an open folder's messages: those that came with the folder's opening as they
 * came, other small ones in batched FETCHes held in memory (the first of them perhaps asked for
 * ahead), large ones spooled in pieces.
 */
final class ContentFetch {

  static final long BATCH_BYTES = 8L * 1024 * 1024;

  private final SourceSession session;
  private final OpenSourceFolder folder;
  private final PrefetchedBodies prefetched;

  ContentFetch(SourceSession session, OpenSourceFolder folder, PrefetchedBodies prefetched) {
    this.session = session;
    this.folder = folder;
    this.prefetched = prefetched;
  }

  /**
   * The contents of these messages; {@code behind} runs once the last large one among them is asked
   * for, before its answer is read (never where none is large).
   */
  Map<Uid, MessageContent> fetch(List<MessageRef> refs, Path spoolDirectory, Runnable behind)
      throws MessagingException, IOException {
    Map<Uid, MessageContent> contents = new HashMap<>();
    try {
      List<MessageRef> unread = new ArrayList<>();
      for (MessageRef ref : refs) {
        MessageContent content = prefetched.take(ref.uid());
        if (content != null && content.length() == ref.size()) {
          contents.put(ref.uid(), content);
        } else {
          if (content != null) {
            // the part asked for with the opening is not the listed size: a server that served it
            // short, or one that lists sizes wrong; only the message asked for whole is trusted
            content.close();
          }
          unread.add(ref);
        }
      }
      List<List<Uid>> batches = inMemoryBatches(unread);
      List<MessageRef> large =
          unread.stream().filter(ref -> ref.size() > OpenSourceFolder.STREAM_THRESHOLD).toList();
      if (batches.size() + large.size() > 1) {
        // every FETCH the chunk needs is written before the first answer is read: the server
        // sends on from one to the next without waiting for another round trip
        for (List<Uid> batch : batches) {
          sendBatchAhead(batch);
        }
        if (!large.isEmpty()) {
          sendPiecesAhead(large.get(0));
        }
      }
      for (List<Uid> batch : batches) {
        fetchBatch(batch, contents);
      }
      for (int n = 0; n < large.size(); n++) {
        MessageRef ref = large.get(n);
        Runnable next = n + 1 < large.size() ? piecesAhead(large.get(n + 1)) : behind;
        MessageContent spooled =
            new PiecewiseSpool(session, folder)
                .spool(ref.uid(), ref.size(), spoolDirectory, null, next);
        if (spooled != null) {
          contents.put(ref.uid(), spooled);
        }
      }
      return contents;
    } catch (MessagingException | IOException | RuntimeException e) {
      contents.values().forEach(MessageContent::close);
      throw e;
    }
  }

  /**
   * One large message spooled in pieces, handed to {@code started} before it is read; {@code
   * behind} runs once its first pieces are asked for.
   */
  MessageContent fetchGrowing(
      MessageRef ref, Path spoolDirectory, Consumer<MessageContent> started, Runnable behind)
      throws MessagingException, IOException {
    session.check(folder);
    return new PiecewiseSpool(session, folder)
        .spool(ref.uid(), ref.size(), spoolDirectory, started, behind);
  }

  /**
   * How many of the first of these can be read without waiting for a FETCH of their own: where
   * their contents came with the folder's opening and the rest were not asked for ahead, those
   * before the first that did not come; else all.
   */
  int readableAtOnce(List<MessageRef> refs) {
    Set<Uid> held = prefetched.uids();
    if (held.isEmpty() || session.hasAheadFor(folder)) {
      return refs.size();
    }
    int ready = 0;
    while (ready < refs.size() && held.contains(refs.get(ready).uid())) {
      ready++;
    }
    return ready == 0 ? refs.size() : ready;
  }

  /**
   * Sends the FETCH {@link #fetch} would send first for these (the first pieces of a large message
   * alone), without waiting for its answer; nothing where it is on its way already (the folder may
   * be deselected by an opening written behind it, and selecting it again would drop both).
   */
  void fetchAhead(List<MessageRef> refs) throws MessagingException {
    if (!session.canWriteAhead(folder)) {
      return;
    }
    if (refs.size() == 1 && refs.get(0).size() > OpenSourceFolder.STREAM_THRESHOLD) {
      sendPiecesAhead(refs.get(0));
      return;
    }
    List<List<Uid>> batches = inMemoryBatches(refs);
    if (!batches.isEmpty()) {
      sendBatchAhead(batches.get(0));
    }
  }

  private void sendBatchAhead(List<Uid> batch) throws MessagingException {
    if (!session.isSentAhead(folder, batch)) {
      session.check(folder);
      session.sendAhead(folder, batch, bodyFetch(batch));
    }
  }

  private void sendPiecesAhead(MessageRef large) throws MessagingException {
    session.check(folder);
    session.sendPiecesAhead(
        folder, large.uid(), PiecewiseSpool.firstPieces(large.uid(), large.size()));
  }

  /** Asks for a large message's first pieces behind what is asked for now. */
  private Runnable piecesAhead(MessageRef large) {
    return () -> {
      try {
        if (session.canWriteAhead(folder)) {
          sendPiecesAhead(large);
        }
      } catch (MessagingException e) {
        // asked for again when it is read, which then says what failed
      }
    };
  }

  /** Drops what was prefetched and not taken: the folder is no longer read. */
  void release() {
    prefetched.clear();
  }

  /** The messages held in memory and not prefetched, in FETCHes of at most {@link #BATCH_BYTES}. */
  private List<List<Uid>> inMemoryBatches(List<MessageRef> refs) {
    List<List<Uid>> batches = new ArrayList<>();
    List<Uid> batch = new ArrayList<>();
    long batchBytes = 0;
    for (MessageRef ref : refs) {
      if (ref.size() > OpenSourceFolder.STREAM_THRESHOLD || prefetched.uids().contains(ref.uid())) {
        continue;
      }
      if (!batch.isEmpty() && batchBytes + ref.size() > BATCH_BYTES) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(ref.uid());
      batchBytes += ref.size();
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static String bodyFetch(List<Uid> uids) {
    return "UID FETCH " + RawImap.uidSet(uids) + " (UID BODY.PEEK[])";
  }

  private void fetchBatch(List<Uid> uids, Map<Uid, MessageContent> contents)
      throws MessagingException {
    Consumer<FetchResponse> keep =
        response -> {
          BODY body = response.getItem(BODY.class);
          UID uid = response.getItem(UID.class);
          if (body != null && body.getByteArray() != null) {
            ByteArray bytes = body.getByteArray();
            contents.put(
                Uid.of(uid.uid),
                MessageContent.inMemory(bytes.getBytes(), bytes.getStart(), bytes.getCount()));
          }
        };
    boolean sentAhead =
        session.takeAhead(
            folder,
            uids,
            (pending, response) -> {
              if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
                keep.accept(fetch);
              } else {
                folder.notice(response);
              }
            });
    if (!sentAhead) {
      folder.uidFetch(RawImap.uidSet(uids), "(UID BODY.PEEK[])", keep);
    }
  }
}
