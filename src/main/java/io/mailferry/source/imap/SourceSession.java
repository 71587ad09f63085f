package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;

/**
 * The source's one connection as the folders read over it see it: which folder it has selected, the
 * body FETCHes sent ahead whose answers have not been read yet, and the openings of the folders
 * read next, sent ahead in the order they are read. Opening another folder deselects the one open;
 * one deselected by an opening sent ahead is still read, and selected again (one round trip) where
 * it needs a command after all. Every command goes through {@link #command}: an answer sent ahead
 * that no one took is read and dropped first, in the order sent, so no command ever reads another's
 * answer.
 */
final class SourceSession {

  private static final Logger LOG = Logger.getLogger(SourceSession.class.getName());

  /** The commands that open a folder; null where they cannot be sent without waiting. */
  interface Opening {
    List<String> commands(IMAPProtocol protocol);
  }

  /** Angus Mail's default folder, never opened: its commands go over the store's connection. */
  private final IMAPFolder connection;

  private volatile OpenSourceFolder selected;

  /**
   * Deselected by the opening sent ahead, and selected again where it needs a command after all.
   */
  private OpenSourceFolder deselectedAhead;

  /** The body FETCHes sent ahead and not taken, in the order sent. */
  private final FetchesAhead fetchesAhead = new FetchesAhead();

  /** The openings sent ahead and not taken, in the order sent. */
  private final OpeningsAhead openingsAhead = new OpeningsAhead();

  /**
   * The tags of the commands written before any other ({@link #writeFirst}) whose answers no one
   * has read yet.
   */
  private List<String> writtenFirst = List.of();

  /**
   * The thread running a command whose answers are still to be read, and its protocol: what it
   * writes ahead in between ({@link #command(Writing)}) goes out over that protocol, as the
   * connection is already held.
   */
  private volatile Thread commandThread;

  private IMAPProtocol commandProtocol;

  SourceSession(IMAPFolder connection) {
    this.connection = connection;
  }

  /** Runs on the connection, once the answers to what was written first and not taken are read. */
  private Object held(IMAPFolder.ProtocolCommand command) throws MessagingException {
    return connection.doCommand(
        protocol -> {
          if (!writtenFirst.isEmpty()) {
            PipelinedCommands.awaitAnswers(protocol, writtenFirst, (pending, response) -> {}, 0);
            writtenFirst = List.of();
          }
          return command.doCommand(protocol);
        });
  }

  /**
   * Writes these commands without reading their answers, which {@link #takeWrittenFirst} reads; any
   * other command reads and drops them first.
   */
  void writeFirst(List<String> commands) throws MessagingException {
    held(
        protocol -> {
          dropAhead(protocol);
          writtenFirst = PipelinedCommands.write(protocol, commands);
          return null;
        });
  }

  /**
   * The statuses of the commands {@link #writeFirst} wrote, their untagged answers handed to the
   * receiver; null where another command read and dropped them.
   */
  Response[] takeWrittenFirst(PipelinedCommands.Receiver receiver) throws MessagingException {
    return (Response[])
        connection.doCommand(
            protocol -> {
              List<String> tags = writtenFirst;
              writtenFirst = List.of();
              return tags.isEmpty()
                  ? null
                  : PipelinedCommands.awaitAnswers(protocol, tags, receiver, tags.size());
            });
  }

  /** Runs a command on the connection, once any answer sent ahead is out of the way. */
  Object command(IMAPFolder.ProtocolCommand command) throws MessagingException {
    return held(
        protocol -> {
          if (commandThread == Thread.currentThread()) {
            throw new IllegalStateException("a command run while another's answers are read");
          }
          dropAhead(protocol);
          return command.doCommand(protocol);
        });
  }

  /**
   * Runs a command that writes its commands, then lets {@code behind} write what is read after it
   * ({@link #sendAhead}, {@link #sendOpenAhead}, {@link #sendPiecesAhead}) before it reads its
   * answers: the server starts on those as soon as it is done with this.
   */
  Object command(Writing command) throws MessagingException {
    return held(
        protocol -> {
          dropAhead(protocol);
          List<String> tags = command.write(protocol);
          writeBehind(protocol, command.behind());
          return command.read(protocol, tags);
        });
  }

  private void writeBehind(IMAPProtocol protocol, Runnable behind) {
    commandThread = Thread.currentThread();
    commandProtocol = protocol;
    try {
      behind.run();
    } catch (RuntimeException e) {
      // what was written is still read in order; only what comes next is asked for later
      LOG.log(Level.WARNING, "Asking the source for what comes next failed", e);
    } finally {
      commandThread = null;
      commandProtocol = null;
    }
  }

  /** A command written, then read once what goes behind it is written. */
  interface Writing {
    List<String> write(IMAPProtocol protocol) throws ProtocolException;

    Runnable behind();

    Object read(IMAPProtocol protocol, List<String> tags) throws ProtocolException;
  }

  /**
   * Runs on the connection: within the writing of a command ({@link #command(Writing)}), over its
   * protocol, else holding the connection.
   */
  private Object onConnection(IMAPFolder.ProtocolCommand command) throws MessagingException {
    if (commandThread == Thread.currentThread()) {
      try {
        return command.doCommand(commandProtocol);
      } catch (ProtocolException e) {
        throw new MessagingException(e.getMessage(), e);
      }
    }
    return held(command);
  }

  /** Makes the connection ready for a command sent another way (Angus Mail's own). */
  void settle() throws MessagingException {
    command(protocol -> null);
  }

  /**
   * Writes {@code fetch} (for these messages of the folder) without reading its answer, after the
   * FETCHes sent ahead before it, unless the same is sent already: the server starts on it while
   * Mailferry still works on what it read before. A connection that fails here fails again on the
   * next command, which says so.
   */
  void sendAhead(OpenSourceFolder folder, List<Uid> uids, String fetch) throws MessagingException {
    sendAhead(folder, uids, FetchesAhead.Kind.BODIES, List.of(fetch));
  }

  /**
   * As {@link #sendAhead(OpenSourceFolder, List, String)} for the listing of the UIDs {@code first}
   * to {@code last}, read by {@link #takeListingAhead}.
   */
  void sendListingAhead(OpenSourceFolder folder, Uid first, Uid last, String listing)
      throws MessagingException {
    sendAhead(folder, List.of(first, last), FetchesAhead.Kind.LISTING, List.of(listing));
  }

  /**
   * As {@link #sendAhead(OpenSourceFolder, List, String)} for the FETCHes of one large message's
   * first pieces, read by {@link #takePiecesAhead}.
   */
  void sendPiecesAhead(OpenSourceFolder folder, Uid uid, List<String> pieces)
      throws MessagingException {
    sendAhead(folder, List.of(uid), FetchesAhead.Kind.PIECES, pieces);
  }

  private void sendAhead(
      OpenSourceFolder folder, List<Uid> uids, FetchesAhead.Kind kind, List<String> fetches)
      throws MessagingException {
    onConnection(
        protocol -> {
          if (fetchesAhead.contains(folder, uids, kind)) {
            return null;
          }
          if (commandThread == Thread.currentThread() && !openingsAhead.isEmpty()) {
            // written while another command's answers are to be read: nothing may be read first
            return null;
          }
          // a FETCH behind another folder's opening would read that folder
          dropOpenAhead(protocol);
          List<String> tags = new ArrayList<>();
          try {
            for (String fetch : fetches) {
              tags.add(protocol.writeCommand(fetch, null));
            }
          } catch (Exception e) {
            // the connection failed: the next command fails too and says so
          }
          if (tags.size() == fetches.size()) {
            fetchesAhead.add(folder, uids, kind, tags);
          }
          return null;
        });
  }

  /**
   * Writes the opening of a folder without reading its answers, after those sent ahead before it,
   * unless the same is sent already; false where it cannot be sent without waiting. The folder
   * selected now is deselected once the server has read this: its body FETCH sent ahead is still
   * read as sent, anything else selects it again.
   */
  boolean sendOpenAhead(String fullName, long listAfterUid, int listMax, Opening opening)
      throws MessagingException {
    Object sentNow =
        onConnection(
            protocol -> {
              if (openingsAhead.contains(fullName, listAfterUid, listMax)) {
                return Boolean.TRUE;
              }
              List<String> commands = opening.commands(protocol);
              if (commands == null) {
                return Boolean.FALSE;
              }
              if (selected != null) {
                deselectedAhead = selected;
                selected = null;
              }
              openingsAhead.write(protocol, fullName, listAfterUid, listMax, commands);
              return Boolean.TRUE;
            });
    return Boolean.TRUE.equals(sentNow);
  }

  /**
   * The answers to the opening sent ahead for exactly this folder and listing (those sent before it
   * are read and dropped); null when none was sent for it.
   */
  OpeningAnswers takeOpenAhead(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    return (OpeningAnswers)
        held(
            protocol -> {
              OpeningAnswers answers =
                  openingsAhead.take(
                      protocol, fullName, listAfterUid, listMax, this::dropFetchAhead);
              if (answers != null) {
                deselectedAhead = null;
              }
              return answers;
            });
  }

  /**
   * Whether a FETCH for this folder can be written ahead now: not while another command's answers
   * are to be read with the folder deselected (selecting it again would read them first).
   */
  boolean canWriteAhead(OpenSourceFolder folder) {
    return commandThread != Thread.currentThread() || selected == folder;
  }

  /** Whether the body FETCH of exactly these messages of the folder is sent ahead, not taken. */
  boolean isSentAhead(OpenSourceFolder folder, List<Uid> uids) throws MessagingException {
    return Boolean.TRUE.equals(
        onConnection(protocol -> fetchesAhead.contains(folder, uids, FetchesAhead.Kind.BODIES)));
  }

  /** Whether a body FETCH for this folder was sent ahead and not taken yet. */
  boolean hasAheadFor(OpenSourceFolder folder) {
    return fetchesAhead.anyFor(folder);
  }

  /**
   * Reads the answer sent ahead for exactly these messages of the folder into the receiver; false
   * (nothing read) when none was sent for them.
   */
  boolean takeAhead(OpenSourceFolder folder, List<Uid> uids, PipelinedCommands.Receiver receiver)
      throws MessagingException {
    return take(folder, uids, FetchesAhead.Kind.BODIES, receiver);
  }

  /**
   * Reads the answer to the listing of the UIDs {@code first} to {@code last} sent ahead into the
   * receiver; false (nothing read) when none was sent for them.
   */
  boolean takeListingAhead(
      OpenSourceFolder folder, Uid first, Uid last, PipelinedCommands.Receiver receiver)
      throws MessagingException {
    return take(folder, List.of(first, last), FetchesAhead.Kind.LISTING, receiver);
  }

  private boolean take(
      OpenSourceFolder folder,
      List<Uid> uids,
      FetchesAhead.Kind kind,
      PipelinedCommands.Receiver receiver)
      throws MessagingException {
    return Boolean.TRUE.equals(
        held(protocol -> fetchesAhead.take(protocol, folder, uids, kind, receiver)));
  }

  /**
   * Reads the answers to the pieces of this message sent ahead ({@link #sendPiecesAhead}, {@code
   * count} of them) into the receiver, once {@code behind} wrote what is read after them; false
   * (nothing read, nothing written) when they were not sent ahead.
   */
  boolean takePiecesAhead(
      OpenSourceFolder folder,
      Uid uid,
      int count,
      Runnable behind,
      PipelinedCommands.Receiver receiver)
      throws MessagingException {
    Object taken =
        held(
            protocol -> {
              if (!fetchesAhead.containsPieces(folder, uid, count)) {
                return Boolean.FALSE;
              }
              Response[] statuses =
                  fetchesAhead.takePieces(
                      protocol, folder, uid, () -> writeBehind(protocol, behind), receiver);
              for (Response status : statuses) {
                protocol.handleResult(status);
              }
              return Boolean.TRUE;
            });
    return Boolean.TRUE.equals(taken);
  }

  /**
   * A response read while a command's answers were read that is not theirs: kept for the FETCH sent
   * ahead that asked for its message, where one did; else dropped.
   */
  void keepForAhead(Response response) {
    fetchesAhead.keepEarly(response);
  }

  /** Reads and drops the answers sent ahead and not taken, in the order they were sent. */
  private void dropAhead(IMAPProtocol protocol) throws ProtocolException {
    dropFetchAhead(protocol);
    dropOpenAhead(protocol);
  }

  private void dropFetchAhead(IMAPProtocol protocol) throws ProtocolException {
    fetchesAhead.dropAll(protocol);
  }

  private void dropOpenAhead(IMAPProtocol protocol) throws ProtocolException {
    openingsAhead.dropAll(protocol, this::dropFetchAhead);
  }

  /**
   * Runs on the connection without reading what was sent ahead first: for answers already read,
   * while the openings sent after them are still to come.
   */
  Object unqueued(IMAPFolder.ProtocolCommand command) throws MessagingException {
    return held(command);
  }

  /**
   * The connection selects this folder now (null: none, as after a failed EXAMINE); where other
   * folders' openings were sent after its own, it is deselected ahead as soon as the server reads
   * them.
   */
  void select(OpenSourceFolder folder) {
    boolean othersSent = !openingsAhead.isEmpty();
    selected = othersSent ? null : folder;
    deselectedAhead = othersSent ? folder : null;
  }

  /**
   * Makes sure the connection selects this folder before a command for it: one deselected by an
   * opening sent ahead is selected again (EXAMINE, under the same UIDVALIDITY or not at all); any
   * other is no longer readable.
   */
  void check(OpenSourceFolder folder) throws MessagingException {
    if (selected == folder) {
      return;
    }
    if (deselectedAhead != folder) {
      throw new IllegalStateException(
          "The source folder "
              + folder.fullName()
              + " was closed, or another was opened on its connection since");
    }
    command(
        protocol -> {
          MailboxInfo info = protocol.examine(folder.fullName());
          if (info.uidvalidity != folder.uidValidity().value()) {
            throw new ProtocolException(
                "the UIDVALIDITY of "
                    + folder.fullName()
                    + " changed while it was read ("
                    + folder.uidValidity()
                    + " to "
                    + info.uidvalidity
                    + ")");
          }
          return null;
        });
    deselectedAhead = null;
    selected = folder;
  }

  void release(OpenSourceFolder folder) {
    if (selected == folder) {
      selected = null;
    }
    if (deselectedAhead == folder) {
      deselectedAhead = null;
    }
  }
}
