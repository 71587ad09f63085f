package io.mailferry.fetch.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.fetch.domain.FetchStatus;
import io.mailferry.fetch.domain.Pop3Fetch;
import io.mailferry.fetch.domain.Pop3Settings;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import io.mailferry.source.pop3.AngusPop3Mailbox;
import io.mailferry.source.pop3.Pop3Mailbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Runs one fetch under the same load gate and concurrency ceiling as the migrations: it takes a
 * mailbox slot (under the fetch's negated id, so that it never collides with a migration's id) or
 * waits, reconnects after a lost connection with back-off, and ends COMPLETED or ERROR with a
 * sentence for the admin. The password is decrypted for the run only and never logged.
 */
@ApplicationScoped
public class Pop3FetchRunner {

  private static final Logger LOG = Logger.getLogger(Pop3FetchRunner.class.getName());

  @Inject FetchRecords records;
  @Inject SecretBox secrets;
  @Inject MailferryConfig config;
  @Inject LoadGate gate;
  @Inject MailboxSlots slots;

  static long slotKey(long fetchId) {
    return -fetchId;
  }

  /** Whether a run of this fetch holds it in this server now. */
  public boolean isRunningHere(long fetchId) {
    return slots.isClaimed(slotKey(fetchId));
  }

  /**
   * @param stopping true once the job execution is being stopped: the run ends at a chunk
   */
  public void run(long fetchId, BooleanSupplier stopping) {
    long key = slotKey(fetchId);
    if (!slots.claim(key)) {
      return;
    }
    try {
      if (!gate.admits(key)) {
        records.waiting(fetchId, gate.waitingReason());
        return;
      }
      if (!slots.tryAcquire(key, 2, TimeUnit.SECONDS)) {
        records.waiting(
            fetchId,
            "Waiting for a free slot: "
                + slots.inUse()
                + " of "
                + slots.capacity()
                + " mailboxes are copying");
        return;
      }
      try {
        runHoldingSlot(fetchId, stopping);
      } finally {
        slots.release(key);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      records.finished(fetchId, FetchStatus.ERROR, "Interrupted: the server is stopping");
    } finally {
      slots.unclaim(key);
    }
  }

  private void runHoldingSlot(long fetchId, BooleanSupplier stopping) throws InterruptedException {
    Pop3Fetch fetch = records.find(fetchId);
    Pop3Settings settings = fetch.settings();
    ServerEndpoint pop3 = settings.endpoint();
    ServerEndpoint destination = config.destination();
    String password;
    try {
      password = secrets.decrypt(fetch.getSealedPassword());
    } catch (RuntimeException e) {
      records.finished(
          fetchId,
          FetchStatus.ERROR,
          "The stored POP3 password cannot be read (secret key changed): enter the fetch again");
      return;
    }
    records.running(fetchId, "Connecting to " + pop3);
    FetchLedger ledger = new DatabaseLedger(fetchId, records);
    int retries = Math.max(0, config.retries());
    for (int attempt = 0; ; attempt++) {
      try (Pop3Mailbox source =
              AngusPop3Mailbox.connect(
                  pop3, settings.login(), password, config.connectTimeout(), config.readTimeout());
          FetchDestination target = openDestination(destination, settings, password)) {
        records.progress(fetchId, "Fetching");
        Pop3FetchPass.Result result =
            new Pop3FetchPass(
                    source,
                    target,
                    ledger,
                    settings.leaveOnServer(),
                    () ->
                        stopping.getAsBoolean()
                            ? "Stopped with its job execution"
                            : pauseReason(fetchId),
                    Clock.systemUTC())
                .run();
        end(fetchId, settings, result, stopping.getAsBoolean());
        return;
      } catch (MessagingException | RuntimeException e) {
        Pop3Failure failure = Pop3Failure.of(e, pop3, destination);
        if (!failure.retryable() || attempt >= retries) {
          String message =
              failure.retryable()
                  ? failure.message() + " (gave up after " + (attempt + 1) + " attempts)"
                  : failure.message();
          LOG.warning(() -> "POP3 fetch " + fetchId + " of " + settings.login() + ": " + message);
          records.finished(fetchId, FetchStatus.ERROR, message);
          return;
        }
        long pause = Math.min(30_000, 1000L << Math.min(attempt, 5));
        records.progress(fetchId, failure.message() + "; trying again in " + pause / 1000 + " s");
        LOG.info(() -> "POP3 fetch " + fetchId + ": " + failure.message() + "; trying again");
        Thread.sleep(pause);
      }
    }
  }

  private String pauseReason(long fetchId) {
    return gate.admits(slotKey(fetchId)) ? null : gate.waitingReason();
  }

  private FetchDestination openDestination(
      ServerEndpoint endpoint, Pop3Settings settings, String pop3Password)
      throws MessagingException {
    String login = settings.email();
    String password = pop3Password;
    if (config.destinationMasterUser().isPresent()) {
      login = login + config.destinationMasterSeparator() + config.destinationMasterUser().get();
      password = config.destinationMasterPassword();
    }
    return ImapFolderDestination.open(
        endpoint,
        login,
        password,
        settings.folder(),
        config.connectTimeout(),
        config.readTimeout());
  }

  private void end(
      long fetchId, Pop3Settings settings, Pop3FetchPass.Result result, boolean stopped) {
    if (result.pausedBecause() != null) {
      if (stopped) {
        records.finished(
            fetchId,
            FetchStatus.ERROR,
            "Stopped with its job execution: " + Pop3Summary.of(result, settings.leaveOnServer()));
      } else {
        records.waiting(fetchId, result.pausedBecause());
      }
      return;
    }
    String summary = Pop3Summary.of(result, settings.leaveOnServer());
    records.finished(
        fetchId, result.refused() > 0 ? FetchStatus.ERROR : FetchStatus.COMPLETED, summary);
    LOG.info(() -> "POP3 fetch " + fetchId + " of " + settings.login() + ": " + summary);
  }
}
