package io.mailferry.migration.imap;

import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.source.imap.ImapSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import java.time.Duration;

/** The engine's servers over IMAP (Angus Mail), on both sides. */
@ApplicationScoped
public class ImapMailServers implements MailServers {

  @Override
  public MailSource source(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      ProtocolTrace trace)
      throws MessagingException {
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
