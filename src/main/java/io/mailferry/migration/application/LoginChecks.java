package io.mailferry.migration.application;

import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.RejectedLine;
import io.mailferry.ops.MailboxSlots;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Check logins first": tries every login of a batch on its source server, each holding a copy
 * slot, so no more connections reach the sources than mailboxes may copy at once.
 */
@ApplicationScoped
public class LoginChecks {

  /** Slots are held by mailbox id; a login check holds one under a negative id of its own. */
  private static final AtomicLong CHECK_IDS = new AtomicLong();

  @Inject SourceVerifier verifier;
  @Inject MailboxSlots slots;
  @Resource ManagedExecutorService executor;

  /** One login to try: a line of the file. */
  public record Attempt(int line, String email, MailDomain domain, String login, String password) {
    @Override
    public String toString() {
      return "Attempt[line=" + line + ", email=" + email + ", login=" + login + "]";
    }
  }

  /**
   * @return the refused logins, by line
   */
  public List<RejectedLine> refused(List<Attempt> attempts) {
    ConcurrentLinkedQueue<Attempt> queue = new ConcurrentLinkedQueue<>(attempts);
    List<RejectedLine> refused = Collections.synchronizedList(new ArrayList<>());
    int workers = Math.max(1, Math.min(slots.capacity(), attempts.size()));
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      running.add(executor.submit(() -> work(queue, refused)));
    }
    for (Future<?> worker : running) {
      try {
        worker.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking the logins", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "the logins cannot be checked: " + e.getCause().getMessage(), e.getCause());
      }
    }
    List<RejectedLine> result = new ArrayList<>(refused);
    Collections.sort(result);
    return result;
  }

  private void work(ConcurrentLinkedQueue<Attempt> queue, List<RejectedLine> refused) {
    long slot = -CHECK_IDS.incrementAndGet();
    Attempt attempt;
    while ((attempt = queue.poll()) != null) {
      try {
        while (!slots.tryAcquire(slot, 1, TimeUnit.SECONDS)) {
          // every slot is copying: wait for one, as a mailbox would
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        verifier.verify(attempt.domain(), attempt.login(), attempt.password());
      } catch (SourceLoginException e) {
        refused.add(
            new RejectedLine(
                attempt.line(),
                e.reason() == SourceLoginException.Reason.WRONG_PASSWORD
                    ? "the source server refused the login " + attempt.login()
                    : "the source server of " + attempt.email() + " cannot be reached"));
      } finally {
        slots.release(slot);
      }
    }
  }
}
