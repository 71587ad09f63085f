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
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * A source folder opened with EXAMINE. Reads metadata in UID windows and bodies in batches, so
 * memory holds one batch at a time whatever the folder's size.
 */
public final class OpenSourceFolder implements SourceFolder {

  /** Above this size a message is streamed to a spool file in pieces instead of held in memory. */
  public static final long STREAM_THRESHOLD = 1024 * 1024;

  private static final long PIECE = 1024 * 1024;
  private static final long BATCH_BYTES = 8L * 1024 * 1024;
  private static final int SIZE_WINDOW = 5000;
  private static final int MAX_WINDOW_FACTOR = 16;

  private final IMAPFolder folder;
  private final UidValidity uidValidity;
  private final long uidNext;

  OpenSourceFolder(IMAPFolder folder) throws MessagingException {
    this.folder = folder;
    this.uidValidity = UidValidity.of(folder.getUIDValidity());
    this.uidNext = folder.getUIDNext();
  }

  public UidValidity uidValidity() {
    return uidValidity;
  }

  public long uidNext() {
    return uidNext;
  }

  public int messageCount() throws MessagingException {
    return folder.getMessageCount();
  }

  /** Message count and total octets, read in sequence windows of RFC822.SIZE. */
  public FolderSize countAndBytes() throws MessagingException {
    int count = folder.getMessageCount();
    long bytes = 0;
    for (int from = 1; from <= count; from += SIZE_WINDOW) {
      int to = Math.min(count, from + SIZE_WINDOW - 1);
      long[] sum = {0};
      String range = from + ":" + to;
      folder.doCommand(
          protocol -> {
            var responses = protocol.command("FETCH " + range + " (RFC822.SIZE)", null);
            for (var response : responses) {
              if (response instanceof org.eclipse.angus.mail.imap.protocol.FetchResponse fetch
                  && fetch.getItem(RFC822SIZE.class) != null) {
                sum[0] += fetch.getItem(RFC822SIZE.class).size;
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
    long from = afterUid + 1;
    long window = max;
    if (uidNext <= 0) {
      RawImap.uidFetch(folder, from + ":*", RawImap.METADATA_ITEMS, r -> add(result, r, afterUid));
      result.sort(Comparator.comparing(MessageRef::uid));
      return result.size() > max ? new ArrayList<>(result.subList(0, max)) : result;
    }
    while (result.isEmpty() && from < uidNext && from <= Uid.MAX) {
      long to = Math.min(uidNext - 1, from + window - 1);
      RawImap.uidFetch(
          folder, from + ":" + to, RawImap.METADATA_ITEMS, r -> add(result, r, afterUid));
      from = to + 1;
      // a dense stretch after a sparse one must not arrive as one huge answer: the window is
      // capped so that one listing holds at most a few thousand messages' metadata
      window = Math.min(window * 4, (long) max * MAX_WINDOW_FACTOR);
    }
    result.sort(Comparator.comparing(MessageRef::uid));
    return result;
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
    try {
      return fetch(refs, spoolDirectory);
    } catch (MessagingException e) {
      if (ImapFailure.classify(e) != ImapFailure.REFUSED) {
        throw e;
      }
      throw new UnreadableChunkException(
          folder.getFullName(), uidValidity.value(), refs, ImapFailure.rootMessage(e));
    }
  }

  private Map<Uid, MessageContent> fetch(List<MessageRef> refs, Path spoolDirectory)
      throws MessagingException, IOException {
    Map<Uid, MessageContent> contents = new HashMap<>();
    try {
      List<Uid> batch = new ArrayList<>();
      long batchBytes = 0;
      for (MessageRef ref : refs) {
        if (ref.size() > STREAM_THRESHOLD) {
          MessageContent spooled = spool(ref.uid(), spoolDirectory);
          if (spooled != null) {
            contents.put(ref.uid(), spooled);
          }
          continue;
        }
        if (!batch.isEmpty() && batchBytes + ref.size() > BATCH_BYTES) {
          fetchBatch(batch, contents);
          batch.clear();
          batchBytes = 0;
        }
        batch.add(ref.uid());
        batchBytes += ref.size();
      }
      if (!batch.isEmpty()) {
        fetchBatch(batch, contents);
      }
      return contents;
    } catch (MessagingException | IOException | RuntimeException e) {
      contents.values().forEach(MessageContent::close);
      throw e;
    }
  }

  private void fetchBatch(List<Uid> uids, Map<Uid, MessageContent> contents)
      throws MessagingException {
    RawImap.uidFetch(
        folder,
        RawImap.uidSet(uids),
        "(UID BODY.PEEK[])",
        response -> {
          BODY body = response.getItem(BODY.class);
          UID uid = response.getItem(UID.class);
          if (body != null && body.getByteArray() != null) {
            ByteArray bytes = body.getByteArray();
            contents.put(
                Uid.of(uid.uid),
                MessageContent.inMemory(bytes.getBytes(), bytes.getStart(), bytes.getCount()));
          }
        });
  }

  /** Every UID the folder holds now, in UID order. */
  public List<Uid> allUids() throws MessagingException {
    List<Uid> uids = new ArrayList<>();
    if (folder.getMessageCount() > 0) {
      RawImap.uidFetch(folder, "1:*", "(UID)", r -> uids.add(Uid.of(r.getItem(UID.class).uid)));
    }
    uids.sort(Comparator.naturalOrder());
    return uids;
  }

  /** The messages with these UIDs that the folder still holds, in UID order. */
  public List<MessageRef> messages(List<Uid> uids) throws MessagingException {
    List<MessageRef> result = new ArrayList<>();
    if (!uids.isEmpty()) {
      RawImap.uidFetch(
          folder, RawImap.uidSet(uids), RawImap.METADATA_ITEMS, r -> add(result, r, 0));
    }
    java.util.Set<Uid> wanted = new java.util.HashSet<>(uids);
    result.removeIf(ref -> !wanted.contains(ref.uid()));
    result.sort(Comparator.comparing(MessageRef::uid));
    return result;
  }

  /** Which of these UIDs the folder still holds (to tell an expunged message from a broken one). */
  public java.util.Set<Uid> present(List<Uid> uids) throws MessagingException {
    java.util.Set<Uid> present = new java.util.HashSet<>();
    if (!uids.isEmpty()) {
      RawImap.uidFetch(
          folder,
          RawImap.uidSet(uids),
          "(UID)",
          r -> present.add(Uid.of(r.getItem(UID.class).uid)));
    }
    return present;
  }

  /** BODY.PEEK[]<offset.length> in 1 MB pieces (RFC 3501 6.4.5) into a spool file. */
  private MessageContent spool(Uid uid, Path spoolDirectory)
      throws MessagingException, IOException {
    Files.createDirectories(spoolDirectory);
    Path file = Files.createTempFile(spoolDirectory, "msg-", ".eml");
    boolean found = false;
    try (OutputStream out = Files.newOutputStream(file)) {
      long offset = 0;
      while (true) {
        int[] received = {-1};
        long start = offset;
        RawImap.uidFetch(
            folder,
            uid.toString(),
            "(UID BODY.PEEK[]<" + start + "." + PIECE + ">)",
            response -> {
              BODY body = response.getItem(BODY.class);
              if (body != null && body.getByteArray() != null) {
                ByteArray bytes = body.getByteArray();
                try {
                  out.write(bytes.getBytes(), bytes.getStart(), bytes.getCount());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                received[0] = bytes.getCount();
              }
            });
        if (received[0] < 0) {
          break;
        }
        found = true;
        offset += received[0];
        if (received[0] < PIECE) {
          break;
        }
      }
    } catch (java.io.UncheckedIOException e) {
      Files.deleteIfExists(file);
      throw e.getCause();
    }
    if (!found) {
      Files.deleteIfExists(file);
      return null;
    }
    return MessageContent.spooled(file);
  }

  /**
   * The current flags of messages up to {@code lastUid}: with CONDSTORE (RFC 7162) only those
   * changed since {@code sinceModseq}, else all of them, read in UID windows.
   */
  public Map<Uid, jakarta.mail.Flags> flagsUpTo(long lastUid, Long sinceModseq)
      throws MessagingException {
    Map<Uid, jakarta.mail.Flags> result = new HashMap<>();
    if (lastUid < 1) {
      return result;
    }
    String changedSince =
        sinceModseq != null && highestModseq() != null ? " (CHANGEDSINCE " + sinceModseq + ")" : "";
    long window = changedSince.isEmpty() ? 5000 : lastUid;
    for (long from = 1; from <= lastUid; from += window) {
      long to = Math.min(lastUid, from + window - 1);
      RawImap.uidFetch(
          folder,
          from + ":" + to,
          "(UID FLAGS)" + changedSince,
          response -> {
            UID uid = response.getItem(UID.class);
            org.eclipse.angus.mail.imap.protocol.FLAGS flags =
                response.getItem(org.eclipse.angus.mail.imap.protocol.FLAGS.class);
            if (uid != null && flags != null && uid.uid <= lastUid) {
              result.put(Uid.of(uid.uid), flags);
            }
          });
    }
    return result;
  }

  public Long highestModseq() {
    try {
      long modseq = folder.getHighestModSeq();
      return modseq > 0 ? modseq : null;
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      if (folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException ignored) {
      // the connection is gone; nothing to release
    }
  }
}
