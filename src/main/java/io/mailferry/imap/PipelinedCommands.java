package io.mailferry.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * Commands written one after another without waiting, their answers read in the order given (RFC
 * 3501 5.5): a distant server costs one round trip for all of them instead of one each. Only for
 * commands whose order settles every ambiguity (an EXAMINE before the UID FETCHes that depend on
 * it, FETCHes of one folder) and that need no continuation from the server (no synchronising
 * literal). A server may run such FETCHes at once (Dovecot does): an untagged response is read
 * while a command is outstanding, not necessarily as its answer, so what it belongs to is told by
 * what it says (a BODY's origin), not by when it came.
 */
public final class PipelinedCommands {

  /** Takes each untagged response as it is read, so that a large answer is never held whole. */
  public interface Receiver {
    /** {@code pending}: the first command whose tagged status has not come yet. */
    void untagged(int pending, Response response);
  }

  /** Hands responses on until the receiver fails; the rest of the answers are only read. */
  private static final class FirstFailure implements Receiver {
    private final Receiver receiver;
    private RuntimeException failed;

    FirstFailure(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void untagged(int pending, Response response) {
      if (failed == null) {
        try {
          receiver.untagged(pending, response);
        } catch (RuntimeException e) {
          failed = e;
        }
      }
    }
  }

  private PipelinedCommands() {}

  /**
   * Reads the answer to the command written with {@code tag}: its untagged responses to the
   * receiver (as command 0), its tagged status returned; a BYE when the connection breaks.
   */
  public static Response awaitAnswer(IMAPProtocol protocol, String tag, Receiver receiver) {
    Response[] status = new Response[1];
    readUntilAnswered(protocol, List.of(tag), status, receiver);
    return status[0];
  }

  /**
   * Sends the commands and hands their untagged responses to the receiver; returns each command's
   * tagged status. A connection that breaks ends every unanswered command with a BYE. When the
   * receiver fails, the rest of the answers are still read (the connection stays usable) and the
   * failure is thrown after.
   */
  public static Response[] send(IMAPProtocol protocol, List<String> commands, Receiver receiver) {
    return awaitAnswers(protocol, write(protocol, commands), receiver, commands.size());
  }

  /**
   * Writes the commands without reading anything; the tags of those written, which stop where the
   * connection broke ({@link #awaitAnswers} then gives the rest a BYE).
   */
  public static List<String> write(IMAPProtocol protocol, List<String> commands) {
    List<String> tags = new ArrayList<>();
    for (String command : commands) {
      try {
        tags.add(protocol.writeCommand(command, null));
      } catch (IOException | ProtocolException | RuntimeException e) {
        break;
      }
    }
    return tags;
  }

  /**
   * As {@link #send(IMAPProtocol, List, Receiver)}, the untagged responses added to {@code
   * answers}.
   */
  public static Response[] send(
      IMAPProtocol protocol, List<String> commands, List<IMAPResponse> answers) {
    return send(
        protocol,
        commands,
        (pending, response) -> {
          if (response instanceof IMAPResponse untagged) {
            answers.add(untagged);
          }
        });
  }

  /**
   * Reads the answers to the commands written earlier with these tags, as {@link #send} reads them;
   * the statuses of the first {@code statuses} commands (those without a tag, not written: a BYE).
   */
  public static Response[] awaitAnswers(
      IMAPProtocol protocol, List<String> tags, Receiver receiver, int statuses) {
    Response[] result = new Response[Math.max(statuses, tags.size())];
    FirstFailure guarded = new FirstFailure(receiver);
    readUntilAnswered(protocol, tags, result, guarded);
    for (int n = tags.size(); n < result.length; n++) {
      result[n] = Response.byeResponse(new IOException("not written: the connection broke"));
    }
    if (guarded.failed != null) {
      throw guarded.failed;
    }
    return result;
  }

  /**
   * Reads until every command of {@code tags} has its status in {@code statuses}. A server that
   * runs pipelined commands at once may finish a later one first (Dovecot does, for FETCHes): a
   * status is matched by its tag, not by its place.
   */
  private static void readUntilAnswered(
      IMAPProtocol protocol, List<String> tags, Response[] statuses, Receiver receiver) {
    int pending = 0;
    while (pending < tags.size()) {
      Response response;
      try {
        response = protocol.readResponse();
      } catch (IOException e) {
        response = Response.byeResponse(e);
      } catch (ProtocolException e) {
        continue; // a line that does not parse, skipped as IMAPProtocol.command skips it
      }
      int answered = response.isTagged() ? tags.indexOf(response.getTag()) : -1;
      if (response.isBYE()) {
        for (int n = pending; n < tags.size(); n++) {
          statuses[n] = statuses[n] == null ? response : statuses[n];
        }
      } else if (answered >= 0 && statuses[answered] == null) {
        statuses[answered] = response;
      } else {
        receiver.untagged(pending, response);
      }
      while (pending < tags.size() && statuses[pending] != null) {
        pending++;
      }
    }
  }
}
