package io.mailferry.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

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
    private int pending;

    FirstFailure(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void untagged(int ignored, Response response) {
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
    while (true) {
      Response response;
      try {
        response = protocol.readResponse();
      } catch (IOException e) {
        return Response.byeResponse(e);
      } catch (ProtocolException e) {
        continue; // a line that does not parse, skipped as IMAPProtocol.command skips it
      }
      if (response.isBYE() || (response.isTagged() && tag.equals(response.getTag()))) {
        return response;
      }
      receiver.untagged(0, response);
    }
  }

  /**
   * The answers to these commands, each ending in its tagged status like {@link
   * IMAPProtocol#command}.
   */
  public static List<Response[]> send(IMAPProtocol protocol, List<String> commands) {
    List<List<Response>> answers = new ArrayList<>();
    commands.forEach(c -> answers.add(new ArrayList<>()));
    Response[] statuses = send(protocol, commands, (n, response) -> answers.get(n).add(response));
    List<Response[]> result = new ArrayList<>();
    for (int n = 0; n < commands.size(); n++) {
      answers.get(n).add(statuses[n]);
      result.add(answers.get(n).toArray(new Response[0]));
    }
    return result;
  }

  /**
   * Sends the commands and hands their untagged responses to the receiver; returns each command's
   * tagged status. A connection that breaks ends every unanswered command with a BYE. When the
   * receiver fails, the rest of the answers are still read (the connection stays usable) and the
   * failure is thrown after.
   */
  public static Response[] send(IMAPProtocol protocol, List<String> commands, Receiver receiver) {
    Response[] statuses = new Response[commands.size()];
    List<String> tags = new ArrayList<>();
    Response bye = null;
    for (String command : commands) {
      try {
        tags.add(protocol.writeCommand(command, null));
      } catch (IOException | ProtocolException | RuntimeException e) {
        bye = Response.byeResponse(e);
        break;
      }
    }
    FirstFailure guarded = new FirstFailure(receiver);
    for (int n = 0; n < tags.size() && bye == null; n++) {
      guarded.pending = n;
      statuses[n] = awaitAnswer(protocol, tags.get(n), guarded);
      if (statuses[n].isBYE()) {
        bye = statuses[n];
      }
    }
    for (int n = 0; n < statuses.length; n++) {
      if (statuses[n] == null) {
        statuses[n] = bye;
      }
    }
    if (guarded.failed != null) {
      throw guarded.failed;
    }
    return statuses;
  }
}
