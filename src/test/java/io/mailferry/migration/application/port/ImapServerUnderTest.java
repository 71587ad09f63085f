package io.mailferry.migration.application.port;

import io.mailferry.destination.imap.ImapDestination;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.imap.ImapMailServers;
import io.mailferry.migration.imap.KeptSourceLogins;
import io.mailferry.source.imap.ImapSource;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A real IMAP server (Dovecot, GreenMail) reached through the IMAP adapters. */
final class ImapServerUnderTest implements ServerUnderTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final ScheduledExecutorService EXPIRY =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "kept-login-expiry");
            thread.setDaemon(true);
            return thread;
          });

  private final int port;
  private final String login;
  private final String password;
  private final AutoCloseable server;
  private final ImapMailbox backdoor;

  /** Whether sources are the sessions a login check kept for the copy, as a queued copy's are. */
  private boolean throughKeptLogin;

  ImapServerUnderTest(int port, String login, String password, AutoCloseable server)
      throws Exception {
    this.port = port;
    this.login = login;
    this.password = password;
    this.server = server;
    this.backdoor = ImapMailbox.open("127.0.0.1", port, login, password);
  }

  /** Sources from here on go on in the session of a login check ({@link KeptSourceLogins}). */
  ImapServerUnderTest throughKeptLogin() {
    throughKeptLogin = true;
    return this;
  }

  private ServerEndpoint endpoint() {
    return new ServerEndpoint("127.0.0.1", port, Security.NONE, true, null);
  }

  @Override
  public MailSource source() throws Exception {
    if (throughKeptLogin) {
      KeptSourceLogins kept = new KeptSourceLogins(EXPIRY, Duration.ofMinutes(5));
      kept.check(endpoint(), login, password, TIMEOUT, TIMEOUT, true);
      MailSource source =
          new ImapMailServers(kept).source(endpoint(), login, password, TIMEOUT, TIMEOUT, null);
      if (kept.kept() != 0) {
        throw new IllegalStateException("the source did not take the session the check kept");
      }
      return source;
    }
    return ImapSource.connect(endpoint(), login, password, TIMEOUT, TIMEOUT);
  }

  @Override
  public MailDestination destination() throws Exception {
    return ImapDestination.connect(endpoint(), login, password, TIMEOUT, TIMEOUT);
  }

  @Override
  public void deliver(String folder, byte[] raw, Set<String> flags, Instant date) throws Exception {
    if (!folder.equals("INBOX")) {
      backdoor.create(folder, true);
    }
    Flags set = new Flags();
    for (String flag : flags) {
      if (flag.equals("\\Seen")) {
        set.add(Flags.Flag.SEEN);
      } else {
        set.add(flag);
      }
    }
    backdoor.append(folder, raw, set, date);
  }

  @Override
  public void expunge(String name, int n) throws Exception {
    Folder folder = backdoor.store().getFolder(name);
    folder.open(Folder.READ_WRITE);
    try {
      Message message = folder.getMessage(n);
      message.setFlag(Flags.Flag.DELETED, true);
      folder.expunge();
    } finally {
      folder.close(false);
    }
  }

  @Override
  public List<String> subscribed() throws Exception {
    return backdoor.subscribed("");
  }

  @Override
  public List<MessageSnapshot> messages(String folder) throws Exception {
    return backdoor.messages(folder);
  }

  @Override
  public void close() throws Exception {
    backdoor.close();
    server.close();
  }
}
