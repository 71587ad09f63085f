package io.mailferry.migration.application;

import io.mailferry.imap.ImapFailure;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The retry policy of one mailbox's copy: a step against a server that fails with a dropped
 * connection, an unreachable server or a "try again later" answer is run again after reconnecting,
 * with exponential back-off (1 s, 2 s, 4 s ... at most 60 s), up to the configured number of
 * retries. Any other failure, or one retry too many, ends the step with a reason a human
 * understands.
 */
final class ServerRetries {

  private static final Logger LOG = Logger.getLogger(ServerRetries.class.getName());

  /** Something done against a server. */
  interface Step<T> {
    T run() throws MessagingException, IOException, InterruptedException;
  }

  /** Opens the server's connection anew after a failure; a failure here is another attempt. */
  interface Reconnect {
    void run() throws MessagingException;
  }

  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** The step cannot succeed: the reason for the status page, and what caused it. */
  static final class GaveUp extends Exception {
    GaveUp(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private final int retries;
  private final Sleeper sleeper;
  private final String mailbox;

  ServerRetries(int retries, Sleeper sleeper, String mailbox) {
    this.retries = retries;
    this.sleeper = sleeper;
    this.mailbox = mailbox;
  }

  static long backoffMillis(int attempt) {
    return Math.min(60_000, 1000L << Math.min(attempt, 16));
  }

  <T> T run(String role, ServerEndpoint endpoint, Reconnect reconnect, Step<T> step)
      throws InterruptedException, GaveUp {
    int attempt = 0;
    boolean reconnecting = false;
    while (true) {
      try {
        if (reconnecting) {
          reconnect.run();
          reconnecting = false;
        }
        return step.run();
      } catch (MessagingException | IOException e) {
        ImapFailure failure = ImapFailure.classify(e);
        if (!failure.retryable()) {
          throw new GaveUp(failure.describe(role, endpoint, e), e);
        }
        if (attempt >= retries) {
          throw new GaveUp(
              "The "
                  + role
                  + " server "
                  + endpoint
                  + " is gone: still failing after "
                  + attempt
                  + " retries ("
                  + ImapFailure.rootMessage(e)
                  + ")",
              e);
        }
        long delay = backoffMillis(attempt);
        int number = ++attempt;
        LOG.log(
            Level.INFO,
            () ->
                "Mailbox "
                    + mailbox
                    + ": "
                    + failure.describe(role, endpoint, e)
                    + "; retry "
                    + number
                    + " in "
                    + delay
                    + " ms");
        sleeper.sleep(delay);
        reconnecting = true;
      }
    }
  }

  /** A step that first fails as a pipeline's attempt of it did (once), so that it counts as one. */
  static <T> Step<T> afterFailure(Exception failed, Step<T> step) {
    Exception[] pending = {failed};
    return () -> {
      Exception first = pending[0];
      pending[0] = null;
      if (first instanceof MessagingException messaging) {
        throw messaging;
      }
      if (first instanceof IOException io) {
        throw io;
      }
      if (first instanceof RuntimeException runtime) {
        throw runtime;
      }
      return step.run();
    };
  }
}
