package io.mailferry.restore.application;

import io.mailferry.config.SecretBox;
import io.mailferry.destination.provisioning.MailAccount;
import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.restore.archive.ArchiveScanner;
import io.mailferry.restore.archive.RefusedArchiveException;
import io.mailferry.restore.domain.Restoration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/** Starts restorations and reports on them. */
@ApplicationScoped
public class RestorationService {

  private static final Logger LOG = Logger.getLogger(RestorationService.class.getName());

  @Inject RestoreSettings settings;
  @Inject RestorationRecords records;
  @Inject AccountTransfer accounts;
  @Inject SecretBox secrets;

  /**
   * Streams the upload to a private spool directory, checks and unpacks it, and queues the
   * restoration. A refused archive leaves nothing behind.
   *
   * @param password the mailbox's password on the destination; needed only without a master user
   * @param fileName the name the client gave the file (a bare mbox file's folder)
   * @throws UploadTooLargeException over {@code mailferry.restore.max-upload-bytes}
   * @throws RefusedArchiveException when the archive is not one Mailferry restores
   */
  public long fromArchive(String email, String password, String fileName, InputStream upload) {
    MailAccount account = account(email);
    requireDestinationLogin(password);
    Path spool = null;
    try {
      spool = RestoreSpool.create(settings.spoolRoot());
      Path file = spool.resolve("upload");
      RestoreSpool.copy(upload, file, settings.maxUploadBytes());
      Path messages = Files.createDirectory(spool.resolve("messages"));
      String name =
          fileName == null || fileName.isBlank()
              ? "mbox"
              : Path.of(fileName.replace('\\', '/')).getFileName().toString();
      var archive = ArchiveScanner.scan(file, name, messages, settings.limits(), Instant.now());
      Files.delete(file);
      Restoration restoration = Restoration.fromArchive(account.email(), name, spool.toString());
      sealDestinationPassword(restoration, password);
      long id = records.create(restoration);
      LOG.info(
          () ->
              "Restoration "
                  + id
                  + " of "
                  + account
                  + " queued: "
                  + archive.folders().size()
                  + " folders, "
                  + archive.messageCount()
                  + " messages from "
                  + name);
      return id;
    } catch (IOException e) {
      RestoreSpool.delete(spool);
      throw new UncheckedIOException(
          "Mailferry cannot write its restore spool: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      RestoreSpool.delete(spool);
      throw e;
    }
  }

  /**
   * Checks the login on the old server, carries the account over with its password hash where the
   * old users table can be read, and queues the move.
   */
  public long fromServer(String email, String password, ServerLogin from) {
    MailAccount account = account(email);
    if (from == null || from.host() == null || from.login() == null || from.password() == null) {
      throw new IllegalArgumentException("from needs host, port, security, login and password");
    }
    Security security = Security.parse(from.security() == null ? "ssl" : from.security());
    ServerEndpoint endpoint =
        new ServerEndpoint(
            from.host().trim(),
            from.port() == null ? (security == Security.SSL ? 993 : 143) : from.port(),
            security,
            Boolean.TRUE.equals(from.allowPlaintext()),
            null);
    String login = from.login().trim().replace("%u", account.email());
    if (!login.equalsIgnoreCase(account.email())) {
      requireDestinationLogin(password);
    }
    try (Store store =
        MailSessions.connect(
            endpoint,
            login,
            from.password(),
            settings.config().connectTimeout(),
            settings.config().readTimeout())) {
      store.isConnected();
    } catch (MessagingException e) {
      throw new IllegalStateException(
          ImapFailure.classify(e).describe("old server", endpoint, e), e);
    }
    String note = accounts.carryOver(account.email());
    Restoration restoration =
        Restoration.fromServer(
            account.email(),
            endpoint.host(),
            endpoint.port(),
            security.name().toLowerCase(),
            login,
            secrets.encrypt(from.password()));
    restoration.account(note);
    sealDestinationPassword(restoration, password);
    long id = records.create(restoration);
    LOG.info(
        () -> "Restoration " + id + " of " + account + " from " + endpoint + " queued; " + note);
    return id;
  }

  public RestorationView find(long id) {
    return records.view(id);
  }

  public List<RestorationView> list() {
    return records.list(200);
  }

  /** Whether the destination is written through a master user (else a password is needed). */
  public boolean destinationMasterUser() {
    return settings.config().destinationMasterUser().isPresent();
  }

  public void restart(long id) {
    records.restart(id);
  }

  private void requireDestinationLogin(String password) {
    if (settings.config().destinationMasterUser().isEmpty()
        && (password == null || password.isEmpty())) {
      throw new IllegalArgumentException(
          "the destination has no master user (mailferry.destination.master-user): give the"
              + " mailbox's password on the destination");
    }
  }

  private void sealDestinationPassword(Restoration restoration, String password) {
    if (settings.config().destinationMasterUser().isEmpty()
        && password != null
        && !password.isEmpty()) {
      restoration.destinationPassword(secrets.encrypt(password));
    }
  }

  private static MailAccount account(String email) {
    if (email == null || email.isBlank()) {
      throw new IllegalArgumentException("email is required");
    }
    return MailAccount.of(email);
  }
}
