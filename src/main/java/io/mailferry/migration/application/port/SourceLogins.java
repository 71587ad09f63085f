package io.mailferry.migration.application.port;

import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.MessagingException;
import java.time.Duration;

/**
 * Checks a login on a source server by logging in. Where the copy of that mailbox is about to
 * start, the session stays open a moment and the copy's {@link MailServers#source} takes it over:
 * one login on the source instead of two, and the round trips of the second (greeting,
 * AUTHENTICATE) saved.
 */
public interface SourceLogins {

  /**
   * Logs in, and out again unless {@code keepForCopy}: then the session waits a few seconds for the
   * copy of the same login and is logged out if none takes it.
   *
   * @throws MessagingException the server refused the login or could not be reached
   */
  void check(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      boolean keepForCopy)
      throws MessagingException;

  /** Sessions kept for a copy now: each is a source connection outside the copies' slots. */
  int kept();
}
