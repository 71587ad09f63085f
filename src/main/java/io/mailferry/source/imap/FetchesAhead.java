package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The FETCHes written on the source's connection without waiting, in the order sent, whose answers
 * are read when their folder takes them: a batch of messages held in memory, the first pieces of
 * one large message, or the listing of a window of UIDs. A server may run them at once (RFC 3501
 * 5.5), so a response read while an earlier one's answer is read is kept for the one that asked for
 * its message. Used under the connection's lock ({@link SourceSession}).
 */
final class FetchesAhead {

  /** What a FETCH sent ahead asks for. */
  enum Kind {
    /** The contents of messages held in memory; named by their UIDs. */
    BODIES,
    /** The first pieces of one large message; named by its UID. */
    PIECES,
    /** The metadata of a window of UIDs; named by its first and last. */
    LISTING
  }

  /**
   * One FETCH, or one message's pieces; {@code uidSet}: the messages its answers may name; {@code
   * early}: its responses read before it was taken, {@code earlyStatuses} its statuses among them.
   */
  private record Ahead(
      OpenSourceFolder folder,
      List<Uid> uids,
      Kind kind,
      Set<Uid> uidSet,
      List<String> tags,
      List<Response> early,
      Map<String, Response> earlyStatuses) {
    Ahead(OpenSourceFolder folder, List<Uid> uids, Kind kind, List<String> tags) {
      this(
          folder,
          List.copyOf(uids),
          kind,
          kind == Kind.LISTING ? window(uids.get(0), uids.get(1)) : Set.copyOf(uids),
          List.copyOf(tags),
          new ArrayList<>(),
          new HashMap<>());
    }

    private static Set<Uid> window(Uid first, Uid last) {
      Set<Uid> window = new HashSet<>();
      for (long uid = first.value(); uid <= last.value(); uid++) {
        window.add(Uid.of(uid));
      }
      return window;
    }

    void keep(Response response) {
      if (response.isTagged()) {
        earlyStatuses.put(response.getTag(), response);
      } else {
        early.add(response);
      }
    }

    boolean isFor(OpenSourceFolder folder, List<Uid> uids, Kind kind) {
      return this.folder == folder && this.kind == kind && this.uids.equals(uids);
    }
  }

  private final Deque<Ahead> sent = new ArrayDeque<>();

  boolean contains(OpenSourceFolder folder, List<Uid> uids, Kind kind) {
    return sent.stream().anyMatch(a -> a.isFor(folder, uids, kind));
  }

  /** Whether exactly {@code count} pieces of this message were sent ahead and not taken. */
  boolean containsPieces(OpenSourceFolder folder, Uid uid, int count) {
    return sent.stream()
        .anyMatch(a -> a.isFor(folder, List.of(uid), Kind.PIECES) && a.tags().size() == count);
  }

  void add(OpenSourceFolder folder, List<Uid> uids, Kind kind, List<String> tags) {
    sent.addLast(new Ahead(folder, uids, kind, tags));
  }

  /** Whether contents of this folder's messages were sent ahead and not taken. */
  boolean anyFor(OpenSourceFolder folder) {
    return sent.stream().anyMatch(a -> a.folder() == folder && a.kind() != Kind.LISTING);
  }

  /**
   * Reads the answer to the FETCH of this kind sent for exactly these messages of the folder into
   * the receiver (those sent before it are read and dropped); false, nothing read, when none was
   * sent for them.
   */
  boolean take(
      IMAPProtocol protocol,
      OpenSourceFolder folder,
      List<Uid> uids,
      Kind kind,
      PipelinedCommands.Receiver receiver)
      throws ProtocolException {
    Ahead wanted = find(folder, uids, kind);
    if (wanted == null) {
      return false;
    }
    for (Response status : takeAnswers(protocol, wanted, receiver)) {
      protocol.handleResult(status);
    }
    return true;
  }

  /**
   * Reads the answers to the pieces of this message sent ahead into the receiver, once {@code
   * behind} wrote what comes after them (those sent before are read and dropped); their statuses.
   */
  Response[] takePieces(
      IMAPProtocol protocol,
      OpenSourceFolder folder,
      Uid uid,
      Runnable behind,
      PipelinedCommands.Receiver receiver)
      throws ProtocolException {
    behind.run();
    return takeAnswers(protocol, find(folder, List.of(uid), Kind.PIECES), receiver);
  }

  private Ahead find(OpenSourceFolder folder, List<Uid> uids, Kind kind) {
    return sent.stream().filter(a -> a.isFor(folder, uids, kind)).findFirst().orElse(null);
  }

  private Response[] takeAnswers(
      IMAPProtocol protocol, Ahead wanted, PipelinedCommands.Receiver receiver)
      throws ProtocolException {
    while (sent.peekFirst() != wanted) {
      drop(protocol, sent.removeFirst());
    }
    sent.removeFirst();
    return readAnswers(protocol, wanted, receiver);
  }

  /** Reads the answers to one FETCH sent ahead, no longer among those to be read; its statuses. */
  private Response[] readAnswers(
      IMAPProtocol protocol, Ahead wanted, PipelinedCommands.Receiver receiver) {
    wanted.early().forEach(response -> receiver.untagged(0, response));
    wanted.early().clear();
    List<String> unanswered =
        wanted.tags().stream().filter(tag -> !wanted.earlyStatuses().containsKey(tag)).toList();
    Response[] read =
        PipelinedCommands.awaitAnswers(
            protocol, unanswered, keepingLater(wanted, receiver), unanswered.size());
    Response[] statuses = new Response[wanted.tags().size()];
    for (int n = 0; n < statuses.length; n++) {
      String tag = wanted.tags().get(n);
      Response early = wanted.earlyStatuses().get(tag);
      statuses[n] = early != null ? early : read[unanswered.indexOf(tag)];
    }
    return statuses;
  }

  /** Reads and drops every answer not taken, in the order sent. */
  void dropAll(IMAPProtocol protocol) throws ProtocolException {
    while (!sent.isEmpty()) {
      drop(protocol, sent.removeFirst());
    }
  }

  /**
   * Keeps a response read while another command's answers were read for the FETCH sent ahead that
   * asked for its message; drops it where none did.
   */
  void keepEarly(Response response) {
    Ahead owner = laterOwner(null, response);
    if (owner != null) {
      owner.keep(response);
    }
  }

  private void drop(IMAPProtocol protocol, Ahead ahead) throws ProtocolException {
    for (Response status : readAnswers(protocol, ahead, (pending, response) -> {})) {
      if (status.isBYE()) {
        throw new ConnectionException(protocol, status);
      }
    }
  }

  /** Hands on the responses read for {@code reading}, but keeps those of a later FETCH for it. */
  private PipelinedCommands.Receiver keepingLater(
      Ahead reading, PipelinedCommands.Receiver receiver) {
    return (pending, response) -> {
      Ahead later = laterOwner(reading, response);
      if (later != null) {
        later.keep(response);
      } else {
        receiver.untagged(pending, response);
      }
    };
  }

  /**
   * The FETCH still to be read, after {@code reading} (null: any), that asked for this response's
   * message.
   */
  private Ahead laterOwner(Ahead reading, Response response) {
    if (response.isTagged()) {
      // a server that runs them at once may finish a later one first
      return sent.stream()
          .filter(a -> a != reading && a.tags().contains(response.getTag()))
          .findFirst()
          .orElse(null);
    }
    if (sent.isEmpty()
        || !(response instanceof FetchResponse fetch)
        || fetch.getItem(BODY.class) == null
        || fetch.getItem(UID.class) == null) {
      return null;
    }
    Uid uid = Uid.of(fetch.getItem(UID.class).uid);
    if (reading != null && reading.uidSet().contains(uid)) {
      return null;
    }
    return sent.stream().filter(a -> a.uidSet().contains(uid)).findFirst().orElse(null);
  }
}
