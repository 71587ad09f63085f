package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.Response;

/**
 * The answers to a folder's opening as they are read: each command's untagged responses, except the
 * contents asked for along with it, which go to {@link #bodies} (bounded) as they come.
 */
final class OpeningAnswers implements PipelinedCommands.Receiver {

  private final List<List<Response>> untagged = new ArrayList<>();
  private final PrefetchedBodies bodies = new PrefetchedBodies();
  private Response[] statuses = new Response[0];

  @Override
  public void untagged(int pending, Response response) {
    if (!bodies.offer(response)) {
      answer(pending).add(response);
    }
  }

  /** The commands' tagged statuses, once every answer is read. */
  void answered(Response[] statuses) {
    this.statuses = statuses;
  }

  int size() {
    return statuses.length;
  }

  /** Command {@code n}'s answer, ending in its tagged status as {@code IMAPProtocol.command}'s. */
  Response[] get(int n) {
    List<Response> answer = new ArrayList<>(answer(n));
    answer.add(statuses[n]);
    return answer.toArray(new Response[0]);
  }

  PrefetchedBodies bodies() {
    return bodies;
  }

  private List<Response> answer(int n) {
    while (untagged.size() <= n) {
      untagged.add(new ArrayList<>());
    }
    return untagged.get(n);
  }
}
