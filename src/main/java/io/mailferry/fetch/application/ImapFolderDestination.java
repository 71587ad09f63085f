package io.mailferry.fetch.application;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.Fingerprint;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link FetchDestination} over the engine's IMAP destination adapter: one folder, created (and
 * subscribed) when missing. Its failures are {@link DestinationFailure}s, so that the run can tell
 * the admin which server failed.
 */
final class ImapFolderDestination implements FetchDestination {

  /** A failure of the destination server, as opposed to the POP3 server. */
  static final class DestinationFailure extends MessagingException {
    DestinationFailure(MessagingException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final ImapDestination destination;
  private final String folder;

  private ImapFolderDestination(ImapDestination destination, String folder) {
    this.destination = destination;
    this.folder = folder;
  }

  static ImapFolderDestination open(
      ServerEndpoint endpoint,
      String login,
      String password,
      String folder,
      Duration connect,
      Duration read)
      throws MessagingException {
    ImapDestination destination;
    try {
      destination = ImapDestination.connect(endpoint, login, password, connect, read);
    } catch (MessagingException e) {
      throw new DestinationFailure(e);
    }
    try {
      if (!folder.equalsIgnoreCase("INBOX")) {
        destination.ensureFolder(folder, true, true);
      }
      return new ImapFolderDestination(destination, folder);
    } catch (FolderCreationException e) {
      destination.close();
      throw new DestinationFailure(new MessagingException(e.getMessage(), e));
    } catch (MessagingException e) {
      destination.close();
      throw new DestinationFailure(e);
    } catch (RuntimeException e) {
      destination.close();
      throw e;
    }
  }

  @Override
  public long uidNext() throws MessagingException {
    try {
      return destination.status(folder).uidNext();
    } catch (MessagingException e) {
      throw new DestinationFailure(e);
    }
  }

  @Override
  public Map<Fingerprint, Long> fingerprintsFrom(long uid) throws MessagingException {
    try {
      return destination.fingerprintsFrom(folder, uid);
    } catch (MessagingException e) {
      throw new DestinationFailure(e);
    }
  }

  @Override
  public List<AppendOutcome> append(List<OutgoingMessage> messages) throws MessagingException {
    try {
      return destination.append(folder, messages);
    } catch (MessagingException e) {
      throw new DestinationFailure(e);
    }
  }

  @Override
  public void close() {
    destination.close();
  }
}
