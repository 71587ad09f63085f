package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * The openings of the folders read next, written on the source's connection without waiting, in the
 * order sent, whose answers are read when the folder is opened. Used under the connection's lock
 * ({@link SourceSession}).
 */
final class OpeningsAhead {

  /** The opening of a folder read next, written without waiting. */
  private record OpenAhead(String fullName, long listAfterUid, int listMax, List<String> tags) {
    boolean isFor(String name, long afterUid, int max) {
      return fullName.equals(name) && listAfterUid == afterUid && listMax == max;
    }
  }

  /** Reads the answers sent ahead before an opening's (the FETCHes of the folder before it). */
  interface Before {
    void drop(IMAPProtocol protocol) throws ProtocolException;
  }

  private final Deque<OpenAhead> sent = new ArrayDeque<>();

  boolean isEmpty() {
    return sent.isEmpty();
  }

  boolean contains(String fullName, long listAfterUid, int listMax) {
    return sent.stream().anyMatch(o -> o.isFor(fullName, listAfterUid, listMax));
  }

  /** Writes these commands, the opening of this folder, without reading their answers. */
  void write(
      IMAPProtocol protocol,
      String fullName,
      long listAfterUid,
      int listMax,
      List<String> commands) {
    List<String> tags = new ArrayList<>();
    try {
      for (String command : commands) {
        tags.add(protocol.writeCommand(command, null));
      }
    } catch (Exception e) {
      // the connection failed: the next command fails too and says so
    }
    sent.addLast(new OpenAhead(fullName, listAfterUid, listMax, List.copyOf(tags)));
  }

  /**
   * The answers to the opening sent for exactly this folder and listing, once what was sent before
   * it is read and dropped; null when none was sent for it.
   */
  OpeningAnswers take(
      IMAPProtocol protocol, String fullName, long listAfterUid, int listMax, Before before)
      throws ProtocolException {
    OpenAhead wanted =
        sent.stream()
            .filter(o -> o.isFor(fullName, listAfterUid, listMax))
            .findFirst()
            .orElse(null);
    if (wanted == null) {
      return null;
    }
    // the folder before's FETCH, sent ahead of the opening and not taken: its answer first
    before.drop(protocol);
    while (sent.peekFirst() != wanted) {
      drop(protocol, sent.removeFirst());
    }
    sent.removeFirst();
    OpeningAnswers answers = new OpeningAnswers();
    answers.answered(awaitAnswers(protocol, wanted.tags(), answers));
    return answers;
  }

  /** Reads and drops every opening not taken, each after what was sent before it. */
  void dropAll(IMAPProtocol protocol, Before before) throws ProtocolException {
    while (!sent.isEmpty()) {
      before.drop(protocol);
      drop(protocol, sent.removeFirst());
    }
  }

  private static void drop(IMAPProtocol protocol, OpenAhead opening) throws ProtocolException {
    for (Response status : awaitAnswers(protocol, opening.tags(), (pending, response) -> {})) {
      if (status.isBYE()) {
        throw new ConnectionException(protocol, status);
      }
    }
  }

  /** The statuses of the commands with these tags; a BYE as the only one where none was sent. */
  private static Response[] awaitAnswers(
      IMAPProtocol protocol, List<String> tags, PipelinedCommands.Receiver receiver) {
    if (tags.isEmpty()) {
      return new Response[] {Response.byeResponse(new java.io.IOException("not sent"))};
    }
    return PipelinedCommands.awaitAnswers(protocol, tags, receiver, tags.size());
  }
}
