package io.mailferry.migration.imap;

import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.source.imap.ImapSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import java.time.Duration;

/**
 * The engine's servers over IMAP (Angus Mail), on both sides. A source session kept by the login
 * check of the same mailbox ({@link KeptSourceLogins}) is taken over instead of logging in again,
 * unless the conversation is to be traced: that one must be seen from its start.
 */
@ApplicationScoped
public class ImapMailServers implements MailServers {

  @Inject KeptSourceLogins kept;

  public ImapMailServers() {}

  /** Outside a container, for tests. */
  public ImapMailServers(KeptSourceLogins kept) {
    this.kept = kept;
  }

  @Override
  public MailSource source(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException {
    if (trace == null) {
      var checked = kept.take(endpoint, login, password, connect, read);
      if (checked.isPresent()) {
        return checked.get();
      }
    }
    return ImapSource.connect(endpoint, login, password, connect, read, trace);
  }

  @Override
  public MailDestination destination(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException {
    return ImapDestination.connect(endpoint, login, password, connect, read, trace);
  }
}
