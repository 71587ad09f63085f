package io.mailferry.migration.application.port;

import io.mailferry.imap.ServerEndpoint;
import jakarta.mail.MessagingException;
import java.time.Duration;

/** Opens the engine's connections: where the copy of a mailbox reads, and where it writes. */
public interface MailServers {

  MailSource source(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException;

  MailDestination destination(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException;
}
