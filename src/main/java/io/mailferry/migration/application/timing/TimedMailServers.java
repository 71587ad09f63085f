package io.mailferry.migration.application.timing;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import jakarta.mail.MessagingException;
import java.time.Duration;

/** Opens the same connections as the servers it wraps, each timed into one mailbox's phases. */
public final class TimedMailServers implements MailServers {

  private final MailServers servers;
  private final PhaseTimes times;

  public TimedMailServers(MailServers servers, PhaseTimes times) {
    this.servers = servers;
    this.times = times;
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
    long t0 = times.start();
    try {
      return new TimedMailSource(
          servers.source(endpoint, login, password, connect, read, trace), times);
    } finally {
      times.add(Phase.CONNECT, Side.SOURCE, t0);
    }
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
    long t0 = times.start();
    try {
      return new TimedMailDestination(
          servers.destination(endpoint, login, password, connect, read, trace), times);
    } finally {
      times.add(Phase.CONNECT, Side.DESTINATION, t0);
    }
  }
}
