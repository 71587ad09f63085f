package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The body FETCHes written on the source's connection without waiting, in the order sent, whose
 * answers are read when their folder takes them. A server may run them at once (RFC 3501 5.5), so a
 * response read while an earlier one's answer is read is kept for the one that asked for its
 * message. Used under the connection's lock ({@link SourceSession}).
 */
final class FetchesAhead {

  /** One FETCH; {@code early} holds its responses that came while an earlier one was read. */
  private record Ahead(
      OpenSourceFolder folder, List<Uid> uids, Set<Uid> uidSet, String tag, List<Response> early) {
    Ahead(OpenSourceFolder folder, List<Uid> uids, String tag) {
      this(folder, List.copyOf(uids), Set.copyOf(uids), tag, new ArrayList<>());
    }

    boolean isFor(OpenSourceFolder folder, List<Uid> uids) {
      return this.folder == folder && this.uids.equals(uids);
    }
  }

  private final Deque<Ahead> sent = new ArrayDeque<>();

  boolean contains(OpenSourceFolder folder, List<Uid> uids) {
    return sent.stream().anyMatch(a -> a.isFor(folder, uids));
  }

  void add(OpenSourceFolder folder, List<Uid> uids, String tag) {
    sent.addLast(new Ahead(folder, uids, tag));
  }

  boolean anyFor(OpenSourceFolder folder) {
    return sent.stream().anyMatch(a -> a.folder() == folder);
  }

  /**
   * Reads the answer to the FETCH sent for exactly these messages of the folder into the receiver
   * (those sent before it are read and dropped); false, nothing read, when none was sent for them.
   */
  boolean take(
      IMAPProtocol protocol,
      OpenSourceFolder folder,
      List<Uid> uids,
      PipelinedCommands.Receiver receiver)
      throws ProtocolException {
    Ahead wanted = sent.stream().filter(a -> a.isFor(folder, uids)).findFirst().orElse(null);
    if (wanted == null) {
      return false;
    }
    while (sent.peekFirst() != wanted) {
      drop(protocol, sent.removeFirst());
    }
    sent.removeFirst();
    wanted.early().forEach(response -> receiver.untagged(0, response));
    wanted.early().clear();
    protocol.handleResult(
        PipelinedCommands.awaitAnswer(protocol, wanted.tag(), keepingLater(wanted, receiver)));
    return true;
  }

  /** Reads and drops every answer not taken, in the order sent. */
  void dropAll(IMAPProtocol protocol) throws ProtocolException {
    while (!sent.isEmpty()) {
      drop(protocol, sent.removeFirst());
    }
  }

  private void drop(IMAPProtocol protocol, Ahead ahead) throws ProtocolException {
    Response status =
        PipelinedCommands.awaitAnswer(
            protocol, ahead.tag(), keepingLater(ahead, (pending, response) -> {}));
    if (status.isBYE()) {
      throw new ConnectionException(protocol, status);
    }
  }

  /** Hands on the responses read for {@code reading}, but keeps those of a later FETCH for it. */
  private PipelinedCommands.Receiver keepingLater(
      Ahead reading, PipelinedCommands.Receiver receiver) {
    return (pending, response) -> {
      Ahead later = laterOwner(reading, response);
      if (later != null) {
        later.early().add(response);
      } else {
        receiver.untagged(pending, response);
      }
    };
  }

  /** The FETCH still to be read, after {@code reading}, that asked for this response's message. */
  private Ahead laterOwner(Ahead reading, Response response) {
    if (sent.isEmpty()
        || !(response instanceof FetchResponse fetch)
        || fetch.getItem(BODY.class) == null
        || fetch.getItem(UID.class) == null) {
      return null;
    }
    Uid uid = Uid.of(fetch.getItem(UID.class).uid);
    if (reading.uidSet().contains(uid)) {
      return null;
    }
    return sent.stream().filter(a -> a.uidSet().contains(uid)).findFirst().orElse(null);
  }
}
