package io.mailferry.demo;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's two mail servers (GreenMail, plain IMAP on 127.0.0.1, in memory):
 *
 * <ul>
 *   <li>a <b>source</b> server (default port 3143) seeded deterministically with three users {@code
 *       alice|bob|carol@demo.mailferry.test}, password {@code demo}, a few hundred messages each in
 *       nested and non-ASCII folders, with flags, keywords and old INTERNALDATEs;
 *   <li>a <b>destination</b> server (default port 3144) that accepts any login and creates the
 *       account on first login (the demo runs with provisioner {@code none}).
 * </ul>
 *
 * Ports: {@code java ... DemoMailServers [sourcePort [destinationPort]]}, or the system properties
 * {@code mailferry.demo.source-port} / {@code mailferry.demo.destination-port}. Runs until killed.
 * GreenMail's hierarchy delimiter is '.', so "Archive/2019" is the IMAP mailbox {@code
 * Archive.2019}.
 */
public final class DemoMailServers implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final String DOMAIN = "demo.mailferry.test";
  public static final List<String> USERS = List.of("alice", "bob", "carol");
  public static final String PASSWORD = "demo";
  public static final int DEFAULT_SOURCE_PORT = 3143;
  public static final int DEFAULT_DESTINATION_PORT = 3144;

  /** The source's POP3 port (the same users and INBOXes), for trying the POP3 fetch. */
  public static final int DEFAULT_POP3_PORT = 3110;

  public static final long SEED = 20150101L;

  /** The non-ASCII folder, as a user sees it (stored as modified UTF-7 on the IMAP server). */
  public static final String INVOICES_FOLDER = "Rechnungen – Ärger";

  /** The folders every demo user has, by their decoded IMAP names ('.' is the delimiter). */
  public static final List<String> FOLDERS =
      List.of(
          "INBOX",
          "Sent",
          "Drafts",
          "Archive",
          "Archive.2019",
          "Projects",
          "Projects.Ferry Plans",
          INVOICES_FOLDER,
          "Templates");

  private final GreenMail source;
  private final GreenMail destination;
  private int seededMessages;

  private DemoMailServers(GreenMail source, GreenMail destination) {
    this.source = source;
    this.destination = destination;
  }

  /** Starts both servers (port 0 picks a free port) and seeds the source. */
  public static DemoMailServers start(int sourcePort, int destinationPort) {
    int pop3Port =
        sourcePort == 0 ? 0 : Integer.getInteger("mailferry.demo.pop3-port", DEFAULT_POP3_PORT);
    GreenMail source =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(sourcePort, HOST, ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(pop3Port, HOST, ServerSetup.PROTOCOL_POP3)
            });
    GreenMail destination =
        new GreenMail(new ServerSetup(destinationPort, HOST, ServerSetup.PROTOCOL_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    DemoMailServers servers = new DemoMailServers(source, destination);
    try {
      source.start();
      destination.start();
      servers.seededMessages = seed(source);
    } catch (RuntimeException e) {
      servers.close();
      throw e;
    }
    return servers;
  }

  private static int seed(GreenMail gm) {
    Session session = Session.getInstance(new Properties());
    int total = 0;
    for (int i = 0; i < USERS.size(); i++) {
      try {
        total += seedUser(gm, session, USERS.get(i), new Random(SEED + i));
      } catch (Exception e) {
        throw new IllegalStateException("Could not seed demo user " + USERS.get(i), e);
      }
    }
    return total;
  }

  private static int seedUser(GreenMail gm, Session session, String user, Random rnd)
      throws Exception {
    GreenMailUser account = gm.setUser(user + "@" + DOMAIN, user + "@" + DOMAIN, PASSWORD);
    ImapHostManager host = gm.getManagers().getImapHostManager();
    int total = 0;
    for (DemoMailboxGenerator.FolderPlan plan : DemoMailboxGenerator.folderPlans(rnd)) {
      // GreenMail keeps Unicode names and sends them as modified UTF-7 (RFC 3501 5.1.3).
      String name = plan.name();
      MailFolder folder =
          "INBOX".equals(name) ? host.getInbox(account) : host.createMailbox(account, name);
      host.subscribe(account, name);
      int big = "INBOX".equals(name) || "Projects.Ferry Plans".equals(name) ? 1 : 0;
      for (DemoMailboxGenerator.DemoMessage m :
          DemoMailboxGenerator.messages(rnd, user, plan, big)) {
        folder.appendMessage(
            new MimeMessage(session, new ByteArrayInputStream(m.raw())),
            m.flags(),
            m.internalDate());
        total++;
      }
    }
    return total;
  }

  public int sourcePort() {
    return source.getImap().getPort();
  }

  public int pop3Port() {
    return source.getPop3().getPort();
  }

  public int destinationPort() {
    return destination.getImap().getPort();
  }

  /** Messages put on the source, all users together. */
  public int seededMessages() {
    return seededMessages;
  }

  public String readyLine() {
    return "Demo mail servers ready: source imap://"
        + HOST
        + ":"
        + sourcePort()
        + ", destination imap://"
        + HOST
        + ":"
        + destinationPort()
        + ", source pop3://"
        + HOST
        + ":"
        + pop3Port();
  }

  @Override
  public void close() {
    source.stop();
    destination.stop();
  }

  public static void main(String[] args) throws InterruptedException {
    int sourcePort =
        args.length > 0
            ? Integer.parseInt(args[0])
            : Integer.getInteger("mailferry.demo.source-port", DEFAULT_SOURCE_PORT);
    int destinationPort =
        args.length > 1
            ? Integer.parseInt(args[1])
            : Integer.getInteger("mailferry.demo.destination-port", DEFAULT_DESTINATION_PORT);
    long t0 = System.nanoTime();
    DemoMailServers servers = start(sourcePort, destinationPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  servers.close();
                  stopped.countDown();
                },
                "demo-mail-shutdown"));
    System.out.printf(
        "Seeded %d messages for %s (domain %s, password '%s') in %d ms%n",
        servers.seededMessages(),
        String.join(", ", USERS),
        DOMAIN,
        PASSWORD,
        (System.nanoTime() - t0) / 1_000_000);
    System.out.println(servers.readyLine());
    System.out.flush();
    stopped.await();
  }
}
