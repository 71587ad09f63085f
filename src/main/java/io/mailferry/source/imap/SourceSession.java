package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.util.List;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * The source's one connection as the folders read over it see it: which folder it has selected
 * (opening another deselects it, so a folder opened before is no longer readable), and a body FETCH
 * sent ahead whose answer has not been read yet. Every command goes through {@link #command}: an
 * answer sent ahead that no one took is read and dropped first, so no command ever reads another's
 * answer.
 */
final class SourceSession {

  /** A FETCH written without waiting, for the messages a folder expects to read next. */
  private record Ahead(OpenSourceFolder folder, List<Uid> uids, String tag) {}

  /** Angus Mail's default folder, never opened: its commands go over the store's connection. */
  private final IMAPFolder connection;

  private volatile OpenSourceFolder selected;
  private Ahead ahead;

  SourceSession(IMAPFolder connection) {
    this.connection = connection;
  }

  /** Runs a command on the connection, once any answer sent ahead is out of the way. */
  Object command(IMAPFolder.ProtocolCommand command) throws MessagingException {
    return connection.doCommand(
        protocol -> {
          dropAhead(protocol);
          return command.doCommand(protocol);
        });
  }

  /** Makes the connection ready for a command sent another way (Angus Mail's own). */
  void settle() throws MessagingException {
    command(protocol -> null);
  }

  /**
   * Writes {@code fetch} (for these messages of the folder) without reading its answer: the server
   * starts on it while Mailferry still works on what it read before. A connection that fails here
   * fails again on the next command, which says so.
   */
  void sendAhead(OpenSourceFolder folder, List<Uid> uids, String fetch) throws MessagingException {
    command(
        protocol -> {
          try {
            ahead = new Ahead(folder, List.copyOf(uids), protocol.writeCommand(fetch, null));
          } catch (Exception e) {
            ahead = null;
          }
          return null;
        });
  }

  /**
   * Reads the answer sent ahead for exactly these messages of the folder into the receiver; false
   * (nothing read) when none was sent for them.
   */
  boolean takeAhead(OpenSourceFolder folder, List<Uid> uids, PipelinedCommands.Receiver receiver)
      throws MessagingException {
    boolean[] taken = {false};
    connection.doCommand(
        protocol -> {
          Ahead sent = ahead;
          if (sent == null || sent.folder() != folder || !sent.uids().equals(uids)) {
            return null;
          }
          ahead = null;
          taken[0] = true;
          protocol.handleResult(readAnswer(protocol, sent.tag(), receiver));
          return null;
        });
    return taken[0];
  }

  private void dropAhead(IMAPProtocol protocol) throws ProtocolException {
    Ahead sent = ahead;
    if (sent != null) {
      ahead = null;
      Response status = readAnswer(protocol, sent.tag(), (pending, response) -> {});
      if (status.isBYE()) {
        throw new ConnectionException(protocol, status);
      }
    }
  }

  private static Response readAnswer(
      IMAPProtocol protocol, String tag, PipelinedCommands.Receiver receiver) {
    return PipelinedCommands.awaitAnswer(protocol, tag, receiver);
  }

  /** The connection selects this folder now (null: none, as after a failed EXAMINE). */
  void select(OpenSourceFolder folder) {
    selected = folder;
  }

  void check(OpenSourceFolder folder) {
    if (selected != folder) {
      throw new IllegalStateException(
          "The source folder "
              + folder.fullName()
              + " was closed, or another was opened on its connection since");
    }
  }

  void release(OpenSourceFolder folder) {
    if (selected == folder) {
      selected = null;
    }
  }
}
