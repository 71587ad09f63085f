package io.mailferry.migration.application.port;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.MessagingException;
import java.time.Duration;

/** Opens the engine's connections: where the copy of a mailbox reads, and where it writes. */
public interface MailServers {

  /**
   * @param trace where the conversation is copied (the IMAP tool's live log), or null
   */
  MailSource source(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException;

  /**
   * @param trace where the conversation is copied (the IMAP tool's live log), or null
   */
  MailDestination destination(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException;
}
