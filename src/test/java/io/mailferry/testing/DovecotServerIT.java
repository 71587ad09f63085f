package io.mailferry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.testing.DovecotServer.Layout;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.protocol.Namespaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Dovecot test server itself: layouts, users, master login, TLS, POP3 and SQL users. */
class DovecotServerIT {

  private static final String USER = "alice@example.org";
  private static final String PASSWORD = "s3cret";
  private static final Instant INTERNAL_DATE = Instant.parse("2019-03-04T05:06:07Z");

  @BeforeAll
  static void dovecotIsInstalled() {
    DovecotServer.installedOrFail();
  }

  private static byte[] rawMessage(String subject) {
    String text =
        "Message-ID: <"
            + subject.hashCode()
            + "@example.org>\r\n"
            + "Date: Mon, 4 Mar 2019 06:06:07 +0100\r\n"
            + "From: Bob <bob@example.org>\r\n"
            + "To: Alice <alice@example.org>\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Grüße aus dem Test.\r\n"
            + "A second line.\r\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A message as Angus APPENDs it: these bytes, these flags, this INTERNALDATE. */
  private static MimeMessage appendable(byte[] raw, Flags flags, Instant internalDate)
      throws MessagingException {
    MimeMessage message =
        new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)) {
          @Override
          public Date getReceivedDate() {
            return Date.from(internalDate);
          }
        };
    message.setFlags(flags, true);
    return message;
  }

  private static long append(Store store, String folder, byte[] raw, Flags flags)
      throws MessagingException {
    IMAPFolder target = (IMAPFolder) store.getFolder(folder);
    AppendUID[] uids =
        target.appendUIDMessages(new Message[] {appendable(raw, flags, INTERNAL_DATE)});
    assertThat(uids).hasSize(1);
    assertThat(uids[0]).as("APPENDUID from UIDPLUS").isNotNull();
    return uids[0].uid;
  }

  private static int count(Store store, String folder) throws MessagingException {
    Folder f = store.getFolder(folder);
    f.open(Folder.READ_ONLY);
    try {
      return f.getMessageCount();
    } finally {
      f.close(false);
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void appendedMessageReadsBackWithItsFlagsDateAndBytes(Layout layout) throws Exception {
    try (DovecotServer server = DovecotServer.start("layout-" + layout.ordinal(), layout)) {
      server.addUser(USER, PASSWORD);
      byte[] raw = rawMessage("Layout " + layout);
      Flags flags = new Flags(Flags.Flag.SEEN);
      flags.add(Flags.Flag.FLAGGED);
      flags.add("$Forwarded");

      Store store = server.openStore(USER, PASSWORD);
      try {
        long uid = append(store, "INBOX", raw, flags);

        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        IMAPMessage message = (IMAPMessage) inbox.getMessageByUID(uid);
        Flags stored = message.getFlags();
        assertThat(stored.contains(Flags.Flag.SEEN)).isTrue();
        assertThat(stored.contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(stored.contains(Flags.Flag.DELETED)).isFalse();
        assertThat(stored.getUserFlags()).containsExactly("$Forwarded");
        assertThat(message.getReceivedDate().toInstant()).isEqualTo(INTERNAL_DATE);
        assertThat(message.getSize()).isEqualTo(raw.length);
        message.setPeek(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(raw);
        inbox.close(false);

        // separator and namespace as the layout says, in LIST and in NAMESPACE
        assertThat(inbox.getSeparator()).isEqualTo(layout.separator());
        Namespaces namespaces = (Namespaces) inbox.doCommand(protocol -> protocol.namespace());
        assertThat(namespaces.personal).hasSize(1);
        assertThat(namespaces.personal[0].prefix).isEqualTo(layout.prefix());
        assertThat(namespaces.personal[0].delimiter).isEqualTo(layout.separator());

        // nested folders and special-use attributes
        String nested = layout.folderName("Projects", "2024");
        assertThat(store.getFolder(nested).create(Folder.HOLDS_MESSAGES)).isTrue();
        append(store, nested, rawMessage("nested"), new Flags());
        assertThat(count(store, nested)).isEqualTo(1);
        String sent = layout.folderName("Sent");
        assertThat(store.getFolder(sent).exists())
            .as("special-use folders are not auto-created")
            .isFalse();
        assertThat(store.getFolder(sent).create(Folder.HOLDS_MESSAGES)).isTrue();
        assertThat(((IMAPFolder) store.getFolder(sent)).getAttributes()).contains("\\Sent");
        assertThat(((IMAPFolder) store.getFolder(layout.folderName("Projects"))).getAttributes())
            .doesNotContain("\\Sent");
      } finally {
        store.close();
      }

      // on disk, as the layout promises, owned by the mail user
      var maildir = server.maildir(USER);
      assertThat(maildir.resolve("cur")).isDirectory();
      if (layout == Layout.DOT_INBOX_PREFIX) {
        assertThat(maildir.resolve(".Projects.2024").resolve("cur")).isDirectory();
        assertThat(maildir.resolve(".Sent")).isDirectory();
      } else {
        assertThat(maildir.resolve("Projects").resolve("2024").resolve("cur")).isDirectory();
        assertThat(maildir.resolve("Sent")).isDirectory();
      }
      try (var files = Files.list(maildir.resolve("cur"))) {
        assertThat(files.count()).isEqualTo(1);
      }
      if (TestProcesses.isRoot()) {
        assertThat(Files.getOwner(maildir).getName()).isEqualTo(DovecotServer.MAIL_USER);
      }
    }
  }

  @Test
  void masterLoginPasswdFileChangesAndRestart() throws Exception {
    try (DovecotServer server = DovecotServer.start("master", Layout.DOT_INBOX_PREFIX)) {
      server.addUser(USER, PASSWORD);
      Store store = server.openStore(USER, PASSWORD);
      append(store, "INBOX", rawMessage("for the master"), new Flags());
      store.close();

      Store master = server.openStore(server.masterLogin(USER), server.masterPassword());
      assertThat(count(master, "INBOX")).isEqualTo(1);
      master.close();
      assertThat(server.masterLogin(USER)).isEqualTo("alice@example.org*master");
      assertThatThrownBy(() -> server.openStore(server.masterLogin(USER), "wrong"))
          .isInstanceOf(AuthenticationFailedException.class);
      assertThatThrownBy(() -> server.openStore(USER, "wrong"))
          .isInstanceOf(AuthenticationFailedException.class);

      // the passwd-file is re-read: new users, changed passwords (same length, same second)
      server.addUser("Bob@Example.org", "pw:with:colons");
      server.openStore("bob@example.org", "pw:with:colons").close();
      server.setPassword(USER, "S3CRET");
      assertThatThrownBy(() -> server.openStore(USER, PASSWORD))
          .isInstanceOf(AuthenticationFailedException.class);
      server.openStore(USER, "S3CRET").close();

      // a line as a passwd-file provisioner may write it: empty uid, gid and home (mail_uid,
      // mail_gid and mail_home apply); a bare "user:password" line would be "missing userdb info"
      Files.writeString(
          server.usersFile(), "erin@example.org:{PLAIN}erinpw:::::\n", StandardOpenOption.APPEND);
      TestProcesses.sleep(1005 - System.currentTimeMillis() % 1000); // Dovecot looks once a second
      Store erin = server.openStore("erin@example.org", "erinpw");
      append(erin, "INBOX", rawMessage("for erin"), new Flags());
      erin.close();
      assertThat(server.maildir("erin@example.org").resolve("cur")).isDirectory();

      int port = server.imapPort();
      long started = System.nanoTime();
      server.restart();
      long restartMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(server.isRunning()).isTrue();
      assertThat(server.imapPort()).isEqualTo(port);
      Store again = server.openStore(USER, "S3CRET");
      assertThat(count(again, "INBOX")).isEqualTo(1);

      // a crash: connections drop, nothing listens until start()
      server.kill();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> count(again, "INBOX")).isInstanceOf(MessagingException.class);
      assertThatThrownBy(() -> server.openStore(USER, "S3CRET"))
          .isInstanceOf(MessagingException.class);
      server.start();
      Store afterCrash = server.openStore(USER, "S3CRET");
      assertThat(count(afterCrash, "INBOX")).isEqualTo(1);
      afterCrash.close();
      assertThat(server.log()).contains("Master user logging in as alice@example.org");
      assertThat(restartMillis).as("restart with a client connected").isLessThan(5_000);
    }
  }

  @Test
  void sslVariantIsVerifiedWithTheOneTrustedCertificate() throws Exception {
    try (DovecotServer server =
        DovecotServer.builder("ssl")
            .layout(Layout.SLASH_NO_PREFIX)
            .ssl()
            .pop3()
            .autoCreateSpecialUse()
            .start()) {
      server.addUser(USER, PASSWORD);
      assertThat(server.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");

      Store imaps = server.openImapsStore(USER, PASSWORD);
      append(imaps, "INBOX", rawMessage("over TLS"), new Flags());
      // autoCreateSpecialUse: the special-use folders exist from the first login
      assertThat(imaps.getFolder("Sent").exists()).isTrue();
      assertThat(((IMAPFolder) imaps.getFolder("Junk")).getAttributes()).contains("\\Junk");
      imaps.close();

      // STARTTLS on the plain port, required, with the same trust
      Properties starttls = server.imapProperties();
      starttls.put("mail.imap.starttls.enable", "true");
      starttls.put("mail.imap.starttls.required", "true");
      starttls.put("mail.imap.ssl.socketFactory", server.trustingSslContext().getSocketFactory());
      starttls.put("mail.imap.ssl.checkserveridentity", "true");
      Store upgraded = Session.getInstance(starttls).getStore("imap");
      upgraded.connect(server.host(), server.imapPort(), USER, PASSWORD);
      assertThat(count(upgraded, "INBOX")).isEqualTo(1);
      upgraded.close();

      // without that certificate the JDK's trust store refuses the server
      Properties untrusted = new Properties();
      untrusted.put("mail.imaps.connectiontimeout", "5000");
      untrusted.put("mail.imaps.timeout", "5000");
      untrusted.put("mail.imaps.ssl.checkserveridentity", "true");
      Store refused = Session.getInstance(untrusted).getStore("imaps");
      assertThatThrownBy(() -> refused.connect(server.host(), server.imapsPort(), USER, PASSWORD))
          .isInstanceOf(MessagingException.class)
          .hasCauseInstanceOf(SSLException.class);

      // POP3 sees the same INBOX
      Properties pop3 = new Properties();
      pop3.put("mail.pop3.connectiontimeout", "5000");
      pop3.put("mail.pop3.timeout", "5000");
      Store pop = Session.getInstance(pop3).getStore("pop3");
      pop.connect(server.host(), server.pop3Port(), USER, PASSWORD);
      assertThat(count(pop, "INBOX")).isEqualTo(1);
      pop.close();
    }
  }

  @Test
  void sqlUsersComeFromPostgres() throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    String database = postgres.createUniqueDatabase("dovecot_users");
    String sha512Crypt =
        TestProcesses.run(
                Duration.ofSeconds(10), "openssl", "passwd", "-6", "-salt", "mailferry", "cryptpw")
            .trim();
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(database), postgres.user(), postgres.password());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE users (email VARCHAR(320) PRIMARY KEY, password VARCHAR(200) NOT NULL)");
      statement.execute("INSERT INTO users VALUES ('carol@example.org', '{PLAIN}carolpw')");
      statement.execute("INSERT INTO users VALUES ('dave@example.org', '" + sha512Crypt + "')");
    }
    try (DovecotServer server =
        DovecotServer.builder("sql")
            .layout(Layout.DOT_INBOX_PREFIX)
            .sqlAuth(
                postgres.connectString(database),
                "SELECT email AS user, password FROM users WHERE email = '%u'",
                "SELECT email AS user FROM users WHERE email = '%u'")
            .start()) {
      Store carol = server.openStore("carol@example.org", "carolpw");
      append(carol, "INBOX", rawMessage("sql user"), new Flags());
      carol.close();
      server.openStore("dave@example.org", "cryptpw").close();
      assertThatThrownBy(() -> server.openStore("carol@example.org", "wrong"))
          .isInstanceOf(AuthenticationFailedException.class);
      Store master =
          server.openStore(server.masterLogin("carol@example.org"), server.masterPassword());
      assertThat(count(master, "INBOX")).isEqualTo(1);
      master.close();
      assertThat(server.maildir("carol@example.org").resolve("cur")).isDirectory();
      assertThatThrownBy(() -> server.addUser("erin@example.org", "x"))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aBrokenConfigurationFailsWithTheLog() {
    assertThatThrownBy(
            () -> DovecotServer.builder("broken").extraConfig("no_such_setting = 1").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Dovecot 'broken'")
        .hasMessageContaining("no_such_setting");
  }

  @Test
  void layoutNamesFolders() {
    assertThat(Layout.DOT_INBOX_PREFIX.folderName("Projects", "2024"))
        .isEqualTo("INBOX.Projects.2024");
    assertThat(Layout.SLASH_NO_PREFIX.folderName("Projects", "2024")).isEqualTo("Projects/2024");
    assertThat(Layout.DOT_INBOX_PREFIX.folderName("INBOX")).isEqualTo("INBOX");
    assertThat(List.of(Layout.values())).hasSize(2);
  }
}
