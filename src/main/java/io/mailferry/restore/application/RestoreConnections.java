package io.mailferry.restore.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.restore.archive.ExtractedArchive;
import io.mailferry.restore.domain.Restoration;
import io.mailferry.restore.domain.RestorationKind;
import io.mailferry.source.imap.ImapSource;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The two ends of a restoration: the destination, written through its master user, or else with the
 * mailbox's own password (given with the restoration, or the old server's login of a
 * server-to-server move made with the user's own login), and the source: the unpacked archive or
 * the old server, read with the engine's source adapter.
 */
final class RestoreConnections {

  private RestoreConnections() {}

  /** How a restoration logs in to the destination. */
  record Login(String user, String password) {}

  static Login login(MailferryConfig config, SecretBox secrets, Restoration restoration) {
    String email = restoration.getEmail();
    if (config.destinationMasterUser().isPresent()) {
      return new Login(
          email + config.destinationMasterSeparator() + config.destinationMasterUser().get(),
          config.destinationMasterPassword());
    }
    if (restoration.getDestinationPassword() != null) {
      return new Login(email, secrets.decrypt(restoration.getDestinationPassword()));
    }
    if (restoration.getKind() == RestorationKind.SERVER
        && email.equalsIgnoreCase(restoration.getSourceLogin())) {
      return new Login(email, secrets.decrypt(restoration.getSourcePassword()));
    }
    throw new IllegalStateException(
        "without a destination master user (mailferry.destination.master-user) a restoration"
            + " needs the mailbox's password on the destination");
  }

  static ImapDestination destination(
      MailferryConfig config, SecretBox secrets, Restoration restoration)
      throws MessagingException {
    Login login = login(config, secrets, restoration);
    return ImapDestination.connect(
        config.destination(),
        login.user(),
        login.password(),
        config.connectTimeout(),
        config.readTimeout());
  }

  static RestoreSource source(MailferryConfig config, SecretBox secrets, Restoration restoration)
      throws MessagingException, IOException {
    if (restoration.getKind() == RestorationKind.ARCHIVE) {
      return new ArchiveSource(
          ExtractedArchive.read(Path.of(restoration.getSpoolDirectory()).resolve("messages")));
    }
    Security security = Security.parse(restoration.getSourceSecurity());
    ServerEndpoint endpoint =
        new ServerEndpoint(
            restoration.getSourceHost(),
            restoration.getSourcePort(),
            security,
            security == Security.NONE,
            null);
    return new ServerSource(
        ImapSource.connect(
            endpoint,
            restoration.getSourceLogin(),
            secrets.decrypt(restoration.getSourcePassword()),
            config.connectTimeout(),
            config.readTimeout()));
  }
}
