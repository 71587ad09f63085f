package io.mailferry.migration.application;

import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.time.Duration;

/**
 * The two connections of one mailbox's copy, opened, and opened anew under the retry policy after a
 * failure. The source connection is used by one reader at a time; the destination connection by
 * whoever holds {@link #destinationLock()} (the writer, or an append done ahead).
 */
final class ServerConnections implements AutoCloseable {

  /** Where and as whom one side logs in; the password never appears in {@link #toString()}. */
  record Login(ServerEndpoint endpoint, String user, String password, ProtocolTrace trace) {
    @Override
    public String toString() {
      return user + " at " + endpoint;
    }
  }

  private final MailServers servers;
  private final Login sourceLogin;
  private final Login destinationLogin;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final ServerRetries retries;
  private final Object destinationLock = new Object();

  private MailSource source;
  private MailDestination destination;

  /** Connections the source dropped during LOGIN in a row. */
  private int loginDrops;

  private Runnable beforeSourceReconnect = () -> {};
  private Runnable beforeDestinationReconnect = () -> {};

  ServerConnections(
      MailServers servers,
      Login sourceLogin,
      Login destinationLogin,
      Duration connectTimeout,
      Duration readTimeout,
      ServerRetries retries) {
    this.servers = servers;
    this.sourceLogin = sourceLogin;
    this.destinationLogin = destinationLogin;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.retries = retries;
  }

  /** What must be let go of a server's connection before it is opened anew after a failure. */
  void beforeReconnecting(Runnable source, Runnable destination) {
    this.beforeSourceReconnect = source;
    this.beforeDestinationReconnect = destination;
  }

  ServerEndpoint sourceEndpoint() {
    return sourceLogin.endpoint();
  }

  ServerEndpoint destinationEndpoint() {
    return destinationLogin.endpoint();
  }

  MailSource source() {
    return source;
  }

  MailDestination destination() {
    return destination;
  }

  Object destinationLock() {
    return destinationLock;
  }

  /** Runs a step against the source; a dropped connection is opened anew and the step run again. */
  <T> T onSource(ServerRetries.Step<T> step) throws InterruptedException, ServerRetries.GaveUp {
    return retries.run(
        "source",
        sourceEndpoint(),
        () -> {
          beforeSourceReconnect.run();
          connectSource();
        },
        step);
  }

  /** Runs a step against the destination under the same policy. */
  <T> T onDestination(ServerRetries.Step<T> step)
      throws InterruptedException, ServerRetries.GaveUp {
    return retries.run(
        "destination",
        destinationEndpoint(),
        () -> {
          beforeDestinationReconnect.run();
          connectDestination();
        },
        step);
  }

  MailSource connectSource() throws MessagingException {
    closeSource();
    try {
      source =
          servers.source(
              sourceLogin.endpoint(),
              sourceLogin.user(),
              sourceLogin.password(),
              connectTimeout,
              readTimeout,
              sourceLogin.trace());
      loginDrops = 0;
      return source;
    } catch (MessagingException e) {
      // A server that drops the connection after LOGIN instead of answering NO may be counting
      // failed logins: trying again five times could lock the user out of the source account.
      if (ImapFailure.classify(e) == ImapFailure.TRANSIENT && ++loginDrops >= 2) {
        throw new AuthenticationFailedException(
            "the source server closed the connection during the login twice in a row; counted"
                + " as a refused login ("
                + ImapFailure.rootMessage(e)
                + ")");
      }
      throw e;
    }
  }

  MailDestination connectDestination() throws MessagingException {
    closeDestination();
    MailDestination opened =
        servers.destination(
            destinationLogin.endpoint(),
            destinationLogin.user(),
            destinationLogin.password(),
            connectTimeout,
            readTimeout,
            destinationLogin.trace());
    synchronized (destinationLock) {
      destination = opened;
    }
    return opened;
  }

  void closeSource() {
    if (source != null) {
      source.close();
      source = null;
    }
  }

  void closeDestination() {
    synchronized (destinationLock) {
      if (destination != null) {
        destination.close();
        destination = null;
      }
    }
  }

  @Override
  public void close() {
    closeDestination();
    closeSource();
  }
}
