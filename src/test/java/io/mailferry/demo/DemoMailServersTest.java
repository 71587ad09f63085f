package io.mailferry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoMailServersTest {

  private static DemoMailServers servers;

  @BeforeAll
  static void start() {
    servers = DemoMailServers.start(0, 0); // free ports
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static Store connect(int port, String user, String password) throws Exception {
    Properties p = new Properties();
    p.setProperty("mail.imap.connectiontimeout", "5000");
    p.setProperty("mail.imap.timeout", "10000");
    Store store = Session.getInstance(p).getStore("imap");
    store.connect(DemoMailServers.HOST, port, user, password);
    return store;
  }

  @Test
  void aliceHasFoldersAndSeededMessages() throws Exception {
    assertThat(servers.sourcePort()).isPositive().isNotEqualTo(servers.destinationPort());
    assertThat(servers.readyLine()).startsWith("Demo mail servers ready: source imap://127.0.0.1:");

    try (Store store = connect(servers.sourcePort(), "alice@demo.mailferry.test", "demo")) {
      Folder[] all = store.getDefaultFolder().list("*");
      List<String> names = Arrays.stream(all).map(Folder::getFullName).toList();
      assertThat(names)
          .contains(
              "INBOX",
              "Sent",
              "Drafts",
              "Archive",
              "Archive.2019",
              "Projects.Ferry Plans",
              "Rechnungen – Ärger",
              "Templates");

      Folder nested = store.getFolder("Archive").getFolder("2019");
      assertThat(nested.exists()).isTrue();
      assertThat(nested.getMessageCount()).isPositive();
      assertThat(store.getFolder("Templates").getMessageCount()).isZero();
      assertThat(store.getFolder("Rechnungen – Ärger").getMessageCount()).isPositive();

      int total = 0;
      for (Folder f : all) {
        total += f.getMessageCount();
      }
      assertThat(total).isBetween(200, 500);
      assertThat(servers.seededMessages()).isBetween(3 * 200, 3 * 500);

      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      try {
        assertThat(inbox.getMessageCount()).isGreaterThan(100);
        Message[] msgs = inbox.getMessages();
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(msgs, fp);
        long seen = Arrays.stream(msgs).filter(m -> has(m, Flags.Flag.SEEN)).count();
        assertThat(seen).isPositive().isLessThan(msgs.length);
        assertThat(Arrays.stream(msgs).anyMatch(m -> has(m, Flags.Flag.FLAGGED))).isTrue();
        assertThat(Arrays.stream(msgs).anyMatch(m -> has(m, Flags.Flag.ANSWERED))).isTrue();
        Message first = msgs[0];
        assertThat(first.getHeader("Message-ID")).isNotEmpty();
        assertThat(first.getReceivedDate()).isNotNull();
        assertThat(first.getReceivedDate().toInstant().toString()).startsWith("2022-");
        assertThat(first.getSize()).isGreaterThan(200 * 1024); // the big attachment
      } finally {
        inbox.close(false);
      }
    }
  }

  @Test
  void wrongPasswordIsRejectedOnSource() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> connect(servers.sourcePort(), "alice@demo.mailferry.test", "nope").close())
        .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
  }

  @Test
  void destinationAcceptsAnyUserAndCreatesTheAccount() throws Exception {
    try (Store store =
        connect(servers.destinationPort(), "newcomer@demo.mailferry.test", "whatever")) {
      Folder inbox = store.getFolder("INBOX");
      assertThat(inbox.exists()).isTrue();
      assertThat(inbox.getMessageCount()).isZero();
      Folder created = store.getFolder("Projects").getFolder("Ferry Plans");
      assertThat(created.create(Folder.HOLDS_MESSAGES)).isTrue();
    }
  }

  @Test
  void generationIsDeterministic() {
    Random a = new Random(DemoMailServers.SEED);
    Random b = new Random(DemoMailServers.SEED);
    DemoMailboxGenerator.FolderPlan planA = DemoMailboxGenerator.folderPlans(a).get(0);
    DemoMailboxGenerator.FolderPlan planB = DemoMailboxGenerator.folderPlans(b).get(0);
    assertThat(planA).isEqualTo(planB);
    var ma = DemoMailboxGenerator.messages(a, "alice", planA, 1);
    var mb = DemoMailboxGenerator.messages(b, "alice", planB, 1);
    assertThat(ma).hasSameSizeAs(mb);
    for (int i = 0; i < ma.size(); i++) {
      assertThat(ma.get(i).raw()).isEqualTo(mb.get(i).raw());
      assertThat(ma.get(i).flags()).isEqualTo(mb.get(i).flags());
      assertThat(ma.get(i).internalDate()).isEqualTo(mb.get(i).internalDate());
    }
  }

  private static boolean has(Message m, Flags.Flag flag) {
    try {
      return m.isSet(flag);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSourcesInboxesCanAlsoBeReadOverPop3ForThePop3Fetch() throws Exception {
    Properties p = new Properties();
    p.setProperty("mail.pop3.connectiontimeout", "5000");
    p.setProperty("mail.pop3.timeout", "10000");
    Store pop3 = Session.getInstance(p).getStore("pop3");
    pop3.connect(DemoMailServers.HOST, servers.pop3Port(), "alice@demo.mailferry.test", "demo");
    try (Store imap = connect(servers.sourcePort(), "alice@demo.mailferry.test", "demo")) {
      jakarta.mail.Folder inbox = pop3.getFolder("INBOX");
      inbox.open(jakarta.mail.Folder.READ_ONLY);
      assertThat(inbox.getMessageCount())
          .isPositive()
          .isEqualTo(imap.getFolder("INBOX").getMessageCount());
      inbox.close(false);
    } finally {
      pop3.close();
    }
    assertThat(servers.readyLine()).contains("source pop3://127.0.0.1:" + servers.pop3Port());
  }
}
