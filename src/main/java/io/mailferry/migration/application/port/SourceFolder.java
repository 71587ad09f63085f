package io.mailferry.migration.application.port;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One open source folder: its messages by UID, their metadata and contents. */
public interface SourceFolder extends AutoCloseable {

  UidValidity uidValidity();

  /** Message count and total octets. */
  FolderSize countAndBytes() throws MessagingException;

  /** The next messages after {@code afterUid} in ascending UID order, at most about {@code max}. */
  List<MessageRef> nextMessages(long afterUid, int max) throws MessagingException;

  /**
   * The raw octets of these messages; large ones may be spooled under {@code spoolDirectory}. A
   * message missing from the result was not served (expunged meanwhile, or unreadable). A server
   * that refuses to serve them at all throws {@link
   * io.mailferry.migration.application.UnreadableChunkException}: the chunk is skipped, not the
   * mailbox.
   */
  Map<Uid, MessageContent> fetchContents(List<MessageRef> refs, Path spoolDirectory)
      throws MessagingException, IOException;

  /**
   * As {@link #fetchContents(List, Path)}; where the server's adapter can, {@code behind} runs once
   * the last of these messages read in pieces is asked for and before its answer is read, to ask
   * for what is read next ({@link #fetchAhead}, a folder's opening ahead): a distant server then
   * sends that without waiting for another round trip. It runs at most once; the default never runs
   * it.
   */
  default Map<Uid, MessageContent> fetchContents(
      List<MessageRef> refs, Path spoolDirectory, Runnable behind)
      throws MessagingException, IOException {
    return fetchContents(refs, spoolDirectory);
  }

  /**
   * One message's raw octets, as {@link #fetchContents} serves them; null when not served. Where
   * the server's adapter can, the content is handed to {@code started} before it is read whole (a
   * {@link io.mailferry.imap.GrowingSpool}), so that it can be appended while it is read; the
   * content returned is then the one handed over. The default hands nothing over.
   */
  default MessageContent fetchGrowing(
      MessageRef ref, Path spoolDirectory, Consumer<MessageContent> started)
      throws MessagingException, IOException {
    return fetchGrowing(ref, spoolDirectory, started, () -> {});
  }

  /**
   * As {@link #fetchGrowing(MessageRef, Path, Consumer)}; where the server's adapter can, {@code
   * behind} runs once the message is asked for and before its answer is read, to ask for what is
   * read next ({@link #fetchAhead}, a folder's opening ahead): a distant server then sends that
   * without waiting for another round trip. It runs at most once; the default never runs it.
   */
  default MessageContent fetchGrowing(
      MessageRef ref, Path spoolDirectory, Consumer<MessageContent> started, Runnable behind)
      throws MessagingException, IOException {
    return fetchContents(List.of(ref), spoolDirectory).get(ref.uid());
  }

  /**
   * How many of the first of these messages {@link #fetchContents} serves without waiting for the
   * server (their contents are at hand), where the rest would make it wait; else all of them. The
   * default: all.
   */
  default int readableAtOnce(List<MessageRef> refs) {
    return refs.size();
  }

  /**
   * A hint that {@link #fetchContents} of these messages comes next: a server far away can start on
   * it now. Nothing else changes; the default does nothing.
   */
  default void fetchAhead(List<MessageRef> refs) throws MessagingException {}

  /**
   * A hint that {@link #nextMessages} after {@code afterUid} comes next: a server far away can
   * start on it now. Nothing else changes; the default does nothing.
   */
  default void listAhead(long afterUid, int max) throws MessagingException {}

  /**
   * Every UID in the folder, ascending: as its listings found them where they covered the whole
   * folder, so a message that arrived or went since may be missing or still there.
   */
  List<Uid> allUids() throws MessagingException;

  /**
   * Whether the listings so far found every message of the folder, and none came or went since: its
   * end and {@link #allUids} then need nothing more from the server. The default: not known.
   */
  default boolean listedWhole() {
    return false;
  }

  /** The metadata of these messages, ascending; those no longer there are left out. */
  List<MessageRef> messages(List<Uid> uids) throws MessagingException;

  /** Which of these UIDs the folder still holds. */
  Set<Uid> present(List<Uid> uids) throws MessagingException;

  /**
   * The flags of the messages up to {@code lastUid}: only those changed since {@code sinceModseq}
   * where the server keeps mod-sequences (CONDSTORE) and one is given.
   */
  Map<Uid, Flags> flagsUpTo(long lastUid, Long sinceModseq) throws MessagingException;

  /** The folder's highest mod-sequence, or null where the server keeps none. */
  Long highestModseq();

  @Override
  void close();
}
