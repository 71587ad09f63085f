package io.mailferry.migration.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.CountingProxy;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mailbox-migration job in the real container (Payara Micro through Arquillian), from a Dovecot
 * source with '.' separator and INBOX. prefix to a Dovecot destination with '/' and no prefix,
 * driven through the REST API as an admin would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MigrationJobIT {

  private static final String DOMAIN = "source.test";
  private static final String PASSWORD = "Secret-42";
  private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(3);

  /** The gate samples the load file every 5 s. */
  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(60);

  private static final Path LOAD_FILE =
      Path.of(System.getProperty("project.build.directory", "target"), "it", "load");

  private static DovecotServer source;
  private static DovecotServer destination;

  @ArquillianResource private URL base;
  private ApiClient api;

  @Deployment(testable = false)
  static WebArchive mailferry() {
    File war = new File(System.getProperty("mailferry.war", "target/mailferry.war"));
    return ShrinkWrap.create(ZipImporter.class, "mailferry.war")
        .importFrom(war)
        .as(WebArchive.class);
  }

  @BeforeAll
  static void startServers() throws Exception {
    Files.createDirectories(LOAD_FILE.getParent());
    Files.writeString(LOAD_FILE, "0");
    source = DovecotServer.builder("source").layout(Layout.DOT_INBOX_PREFIX).start();
    destination =
        DovecotServer.builder("destination")
            .layout(Layout.SLASH_NO_PREFIX)
            .imapPort(Integer.getInteger("it.destination.port", 31143))
            .autoCreateSpecialUse()
            .start();
  }

  @AfterAll
  static void stopServers() {
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @BeforeEach
  void registerDomain() throws Exception {
    Files.writeString(LOAD_FILE, "0");
    api = new ApiClient(base.toURI(), TestAdmin.USER, TestAdmin.PASSWORD);
    ApiClient.Answer answer =
        api.put(
            "api/domains/" + DOMAIN,
            "{\"host\":\"127.0.0.1\",\"port\":"
                + source.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  private String newUser(String name) {
    String email = name + "@" + DOMAIN;
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    return email;
  }

  private static String folder(String... levels) {
    return source.layout().folderName(levels);
  }

  private static ImapMailbox sourceBox(String email) throws Exception {
    return ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD);
  }

  private static ImapMailbox destinationBox(String email) throws Exception {
    return ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD);
  }

  private JsonObject migrate(String email) throws Exception {
    ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);
    return api.awaitStatus(email, "COMPLETED", MIGRATION_TIMEOUT);
  }

  /** Fills a mailbox with messages of varied sizes, flags, keywords and old dates. */
  private static List<String> fill(ImapMailbox box, String fullName, int count, String tag)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = tag + "-" + i + "@corpus.test";
      Flags flags = new Flags();
      if (i % 2 == 0) flags.add(Flags.Flag.SEEN);
      if (i % 3 == 0) flags.add(Flags.Flag.FLAGGED);
      if (i % 5 == 0) flags.add(Flags.Flag.ANSWERED);
      if (i % 7 == 0) flags.add("$Forwarded");
      if (i % 11 == 0) flags.add("project_x");
      Instant date =
          Instant.parse("2016-03-01T10:15:30Z").plus(Duration.ofDays(17L * i + tag.length()));
      box.append(
          fullName,
          ImapMailbox.message(
              id,
              tag + " message " + i,
              "Tue, 1 Mar 2016 10:15:30 +0100",
              400 + (i * 997) % 20_000),
          flags,
          date);
      ids.add(id);
    }
    return ids;
  }

  @Test
  void copiesEveryFolderMessageFlagAndDateExactly() throws Exception {
    String email = newUser("alice");
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 60, "inbox");
      box.create(folder("Sent Items"), true);
      fill(box, folder("Sent Items"), 12, "sent");
      box.create(folder("Drafts"), true);
      fill(box, folder("Drafts"), 3, "drafts");
      box.create(folder("Projects"), true);
      fill(box, folder("Projects"), 5, "projects");
      box.append(
          folder("Projects"),
          ImapMailbox.message(
              "big@corpus.test", "A 2 MB report", "Wed, 2 Mar 2016 09:00:00 +0000", 2_200_000),
          new Flags(Flags.Flag.SEEN),
          Instant.parse("2016-03-02T09:00:00Z"));
      box.create(folder("Projects", "2024"), false);
      fill(box, folder("Projects", "2024"), 4, "p2024");
      box.create(folder("Projects", "2024", "Q1", "Reports"), true);
      fill(box, folder("Projects", "2024", "Q1", "Reports"), 3, "deep");
      box.create(folder("Rechnungen & Belege"), true);
      fill(box, folder("Rechnungen & Belege"), 4, "amp");
      box.create(folder("Входящие архив"), true);
      fill(box, folder("Входящие архив"), 2, "cyrillic");
      box.create(folder("日本語のフォルダ"), true);
      fill(box, folder("日本語のフォルダ"), 2, "cjk");
      box.create(folder("Post 📬"), true);
      fill(box, folder("Post 📬"), 2, "emoji");
      box.create(folder("Empty"), true);
      Flags deleted = new Flags(Flags.Flag.DELETED);
      box.append(
          "INBOX",
          ImapMailbox.message(
              "deleted@corpus.test", "deleted", "Tue, 1 Mar 2016 10:15:30 +0100", 500),
          deleted,
          Instant.parse("2017-01-01T00:00:00Z"));
    }
    Map<String, List<MessageSnapshot>> before;
    List<String> sourceSubscriptions;
    try (ImapMailbox box = sourceBox(email)) {
      before = box.snapshot(source.prefix());
      sourceSubscriptions = box.subscribed(source.prefix());
    }

    JsonObject done = migrate(email);

    // 98, and the message marked deleted: copied with its flag, as the domain did not say otherwise
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(99);
    Map<String, List<MessageSnapshot>> expected = new TreeMap<>(before);
    expected.put("Sent", expected.remove("Sent Items"));
    try (ImapMailbox box = destinationBox(email)) {
      Map<String, List<MessageSnapshot>> after = box.snapshot(destination.prefix());
      for (Map.Entry<String, List<MessageSnapshot>> folder : expected.entrySet()) {
        assertThat(after.get(folder.getKey()))
            .as("folder %s on the destination", folder.getKey())
            .containsExactlyElementsOf(folder.getValue());
      }
      assertThat(after).doesNotContainKey("Sent Items");
      assertThat(box.subscribed(destination.prefix()))
          .contains(
              "Projects", "Projects/2024/Q1/Reports", "Rechnungen & Belege", "Post 📬", "Empty")
          .doesNotContain("Projects/2024");
    }
    try (ImapMailbox box = sourceBox(email)) {
      assertThat(box.snapshot(source.prefix()))
          .as("the source is left exactly as it was (nothing marked seen)")
          .isEqualTo(before);
    }
    assertThat(sourceSubscriptions).contains("Projects");
  }

  @Test
  void resyncCopiesOnlyNewMailAndKeepsTheUsersChanges() throws Exception {
    String email = newUser("bob");
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 40, "bob");
    }
    migrate(email);

    MessageSnapshot deletedByUser;
    try (ImapMailbox box = destinationBox(email)) {
      deletedByUser = box.messages("INBOX").get(0);
      Folder inbox = box.store().getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message[] messages = inbox.getMessages();
      String deletedSha = deletedByUser.sha256();
      boolean changedOne = false;
      for (Message message : messages) {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        message.writeTo(raw);
        if (sha256(raw.toByteArray()).equals(deletedSha)) {
          message.setFlag(Flags.Flag.DELETED, true);
        } else if (!changedOne) {
          message.setFlag(Flags.Flag.FLAGGED, !message.isSet(Flags.Flag.FLAGGED));
          message.setFlag(Flags.Flag.SEEN, !message.isSet(Flags.Flag.SEEN));
          changedOne = true;
        }
      }
      inbox.close(true);
    }
    List<MessageSnapshot> userView;
    try (ImapMailbox box = destinationBox(email)) {
      userView = box.messages("INBOX");
    }
    assertThat(userView).hasSize(39);
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 3, "bob-new");
    }

    ApiClient.Answer resync = api.post("api/migrations/" + email + "/resync", null);
    assertThat(resync.status()).as(resync.text()).isEqualTo(202);
    api.awaitMigration(
        email,
        m ->
            "COMPLETED".equals(m.getString("status"))
                && m.getString("statusMessage").contains(" 3 messages"),
        MIGRATION_TIMEOUT);

    try (ImapMailbox box = destinationBox(email)) {
      List<MessageSnapshot> after = box.messages("INBOX");
      assertThat(after).as("39 kept as the user left them, 3 new, none twice").hasSize(42);
      assertThat(after).containsAll(userView);
      assertThat(after.stream().map(MessageSnapshot::sha256).distinct().count()).isEqualTo(42);
      assertThat(after)
          .as("the message the user deleted does not come back")
          .noneMatch(m -> m.sha256().equals(deletedByUser.sha256()));
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void wrongPasswordAndUnknownDomainAreRefusedWithAClearMessage() throws Exception {
    String email = newUser("carol");
    ApiClient.Answer wrong = api.queueMigration(email, "nope");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.object().getString("message")).contains("password is not accepted");
    assertThat(wrong.text()).doesNotContain("Exception");

    ApiClient.Answer unknown =
        api.post("api/migrations", "{\"email\":\"x@nowhere.test\",\"password\":\"p\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.object().getString("message")).contains("nowhere.test");

    ApiClient.Answer anonymous =
        new ApiClient(base.toURI(), null, null).get("api/migrations/" + email);
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void loadGateHoldsMailboxesBackAndReleasesThem() throws Exception {
    String email = newUser("dave");
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 10, "dave");
    }
    Files.writeString(LOAD_FILE, "0.95");
    api.awaitLoadGate(false, GATE_TIMEOUT);
    ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
    assertThat(queued.status()).isEqualTo(202);
    JsonObject waiting =
        api.awaitMigration(
            email,
            m ->
                "WAITING".equals(m.getString("status"))
                    && m.getString("statusMessage", "").contains("95 %"),
            GATE_TIMEOUT);
    // at or above the hard threshold (90 %) no mailbox copies: the gate is closed
    assertThat(waiting.getString("statusMessage")).contains("load").contains("90 %");

    // Still too high at the next sample: the mailbox reports the new load and goes on waiting.
    Files.writeString(LOAD_FILE, "0.9");
    JsonObject stillWaiting =
        api.awaitMigration(
            email, m -> m.getString("statusMessage", "").contains("90 %"), GATE_TIMEOUT);
    assertThat(stillWaiting.getString("status")).isEqualTo("WAITING");
    assertThat(stillWaiting.getJsonNumber("messagesDone").longValue()).isZero();
    try (ImapMailbox box = destinationBox(email)) {
      assertThat(box.messages("INBOX")).isEmpty();
    }

    Files.writeString(LOAD_FILE, "0.1");
    api.awaitLoadGate(true, GATE_TIMEOUT);
    JsonObject done = api.awaitStatus(email, "COMPLETED", MIGRATION_TIMEOUT);
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(10);
  }

  /**
   * Over the threshold (70 %) but under the hard one (90 %) the gate lets one mailbox fewer copy
   * per sample down to one: the mailboxes copying pause at their next chunk, all but the one that
   * took the oldest slot, and copy one after another; every message arrives.
   */
  @Test
  void overTheThresholdButUnderTheHardOneFewerMailboxesCopyAndNoneIsLost() throws Exception {
    int capacity = api.slots().getInt("capacity");
    try (CountingProxy proxy = new CountingProxy(source.host(), source.imapPort())) {
      String domain = "throttle.test";
      ApiClient.Answer registered =
          api.put(
              "api/domains/" + domain,
              "{\"host\":\"127.0.0.1\",\"port\":"
                  + proxy.port()
                  + ",\"security\":\"none\",\"allowPlaintext\":true}");
      assertThat(registered.status()).as(registered.text()).isEqualTo(200);
      List<String> emails = new ArrayList<>();
      Map<String, List<MessageSnapshot>> before = new TreeMap<>();
      for (int i = 0; i < capacity; i++) {
        String email = "throttled" + i + "@" + domain;
        source.addUser(email, PASSWORD);
        destination.addUser(email, PASSWORD);
        try (ImapMailbox box = sourceBox(email)) {
          fill(box, "INBOX", 120, "throttled" + i);
          before.put(email, box.messages("INBOX"));
        }
        emails.add(email);
      }
      // queued while the gate is closed, so that all of them start together when it opens
      Files.writeString(LOAD_FILE, "1");
      awaitGate(g -> "CLOSED".equals(g.getString("state")));
      for (String email : emails) {
        ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
        assertThat(queued.status()).as(queued.text()).isEqualTo(202);
        api.awaitStatus(email, "WAITING", GATE_TIMEOUT);
      }
      // every copy stands still at the source's greeting, holding its slot
      proxy.hold();
      Files.writeString(LOAD_FILE, "0");
      api.awaitSlots(s -> s.getInt("inUse") == capacity, GATE_TIMEOUT);
      long pausesBefore = awaitGate(g -> true).getJsonNumber("mailboxPauses").longValue();

      Files.writeString(LOAD_FILE, "0.8");
      JsonObject throttled =
          awaitGate(g -> "THROTTLED".equals(g.getString("state")) && g.getInt("allowed") == 1);
      assertThat(throttled.getJsonNumber("throttles").longValue()).isPositive();
      proxy.release();

      // all but one pause at their first chunk and give their slots back
      awaitGate(g -> g.getJsonNumber("mailboxPauses").longValue() >= pausesBefore + capacity - 1);
      api.awaitSlots(s -> s.getInt("inUse") <= 1, GATE_TIMEOUT);
      assertThat(api.post("api/slots/high-water-mark/reset", null).status()).isEqualTo(204);
      for (String email : emails) {
        JsonObject done = api.awaitStatus(email, "COMPLETED", MIGRATION_TIMEOUT);
        assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(120);
      }
      assertThat(api.slots().getInt("highWaterMark"))
          .as("one mailbox at a time copied while the load stayed at 80 %")
          .isEqualTo(1);
      assertThat(awaitGate(g -> true).getString("state")).isEqualTo("THROTTLED");
      for (String email : emails) {
        try (ImapMailbox box = destinationBox(email)) {
          assertThat(box.messages("INBOX")).as(email).containsExactlyElementsOf(before.get(email));
        }
      }
    } finally {
      Files.writeString(LOAD_FILE, "0");
    }
  }

  /**
   * Polls {@code GET /api/cluster} until this instance's load gate (state, allowed, throttles,
   * closures, mailboxPauses) satisfies the condition.
   */
  private JsonObject awaitGate(java.util.function.Predicate<JsonObject> condition)
      throws Exception {
    Instant deadline = Instant.now().plus(GATE_TIMEOUT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer cluster = api.get("api/cluster");
      assertThat(cluster.status()).as(cluster.text()).isEqualTo(200);
      last =
          cluster.object().getJsonArray("instances").stream()
              .map(JsonValue::asJsonObject)
              .filter(i -> i.getBoolean("self"))
              .findFirst()
              .orElseThrow()
              .getJsonObject("gate");
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the load gate did not reach the state in time; last seen: " + last);
  }

  @Test
  void uidValidityChangeIsReconciledWithoutDuplicates() throws Exception {
    String email = newUser("erin");
    try (ImapMailbox box = sourceBox(email)) {
      box.create(folder("Archive"), true);
      fill(box, folder("Archive"), 25, "erin");
    }
    migrate(email);
    List<MessageSnapshot> archived;
    try (ImapMailbox box = sourceBox(email)) {
      archived = box.messages(folder("Archive"));
      Folder archive = box.store().getFolder(folder("Archive"));
      archive.delete(true);
    }
    try (ImapMailbox box = sourceBox(email)) {
      box.create(folder("Archive"), true);
      fill(box, folder("Archive"), 25, "erin");
      fill(box, folder("Archive"), 2, "erin-later");
    }
    api.post("api/migrations/" + email + "/resync", null);
    api.awaitMigration(
        email,
        m ->
            "COMPLETED".equals(m.getString("status"))
                && m.getString("statusMessage").contains("2 messages"),
        MIGRATION_TIMEOUT);
    try (ImapMailbox box = destinationBox(email)) {
      List<MessageSnapshot> after = box.messages("Archive");
      assertThat(after).hasSize(27);
      assertThat(after).containsAll(archived);
    }
  }

  @Test
  void copiesFromAGreenMailSourceThatHasNeitherMultiappendNorUidplus() throws Exception {
    com.icegreen.greenmail.util.GreenMail greenMail =
        new com.icegreen.greenmail.util.GreenMail(
            new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "imap"));
    greenMail.start();
    try {
      String email = "gus@greenmail.test";
      greenMail.setUser(email, email, PASSWORD);
      destination.addUser(email, PASSWORD);
      int port = greenMail.getImap().getPort();
      assertThat(
              api.put(
                      "api/domains/greenmail.test",
                      "{\"host\":\"127.0.0.1\",\"port\":"
                          + port
                          + ",\"security\":\"none\",\"allowPlaintext\":true}")
                  .status())
          .isEqualTo(200);
      Map<String, List<MessageSnapshot>> before;
      try (ImapMailbox box = ImapMailbox.open("127.0.0.1", port, email, PASSWORD)) {
        fill(box, "INBOX", 15, "gm");
        box.create("Reports", true);
        fill(box, "Reports", 5, "gm-reports");
        before = box.snapshot("");
      }

      migrate(email);

      try (ImapMailbox box = destinationBox(email)) {
        Map<String, List<MessageSnapshot>> after = box.snapshot(destination.prefix());
        for (String folder : List.of("INBOX", "Reports")) {
          assertThat(after.get(folder)).containsExactlyElementsOf(before.get(folder));
        }
      }
    } finally {
      greenMail.stop();
    }
  }

  @Test
  void healthSaysUpOrDownToAnyoneAndTheDetailsToTheAdminOnly() throws Exception {
    ApiClient anonymous = new ApiClient(base.toURI(), null, null);
    ApiClient.Answer ready = anonymous.get("/health/ready");
    assertThat(ready.status()).as(ready.text()).isEqualTo(200);
    assertThat(ready.text()).contains("\"database\"").contains("\"destination\"").contains("UP");
    assertThat(ready.text()).doesNotContain("127.0.0.1").doesNotContain("H2");
    ApiClient.Answer live = anonymous.get("/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.text()).contains("UP").doesNotContain("loadGateOpen");
    assertThat(anonymous.get("api/health").status()).isEqualTo(401);

    ApiClient.Answer details = api.get("api/health");
    assertThat(details.status()).as(details.text()).isEqualTo(200);
    assertThat(details.text())
        .contains("\"status\":\"UP\"", "loadGateOpen", "\"product\":\"H2\"", "127.0.0.1:");
  }

  @Test
  void theDomainsFolderRulesSizeLimitAndDeletedSettingAreApplied() throws Exception {
    ApiClient.Answer rules =
        api.put(
            "api/domains/rules.test",
            "{\"host\":\"127.0.0.1\",\"port\":"
                + source.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true,"
                + "\"excludeFolders\":\"Spam*\\nTmp/*\","
                + "\"folderRenames\":\"Old Stuff=Archive/Old\","
                + "\"maxMessageSize\":100000}");
    assertThat(rules.status()).as(rules.text()).isEqualTo(200);
    assertThat(rules.object().getBoolean("copyDeleted"))
        .as("a new domain copies messages marked deleted")
        .isTrue();
    String email = "rita@rules.test";
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 5, "rita");
      box.append(
          "INBOX",
          ImapMailbox.message(
              "gone@rules.test", "flagged deleted", "Mon, 4 Jan 2021 08:00:00 +0000", 800),
          new Flags(Flags.Flag.DELETED),
          Instant.parse("2021-01-04T08:00:00Z"));
      box.append(
          "INBOX",
          ImapMailbox.message(
              "big@rules.test", "too big", "Mon, 4 Jan 2021 08:00:00 +0000", 150_000),
          new Flags(),
          Instant.parse("2021-01-04T08:00:00Z"));
      box.create(folder("Spam"), true);
      fill(box, folder("Spam"), 3, "spam");
      box.create(folder("Tmp"), true);
      box.create(folder("Tmp", "Scratch"), true);
      fill(box, folder("Tmp", "Scratch"), 2, "scratch");
      box.create(folder("Old Stuff"), true);
      fill(box, folder("Old Stuff"), 2, "old");
      box.create(folder("Old Stuff", "2010"), true);
      fill(box, folder("Old Stuff", "2010"), 2, "old2010");
    }

    JsonObject done = migrate(email);

    assertThat(done.getJsonArray("errors")).hasSize(1);
    assertThat(done.getJsonArray("errors").getJsonObject(0).getString("reason"))
        .contains("larger than the domain's maximum message size");
    assertThat(done.getJsonNumber("messagesSkipped").longValue())
        .as("skipped by rule")
        .isEqualTo(1);
    assertThat(inbox(done).getJsonNumber("messagesSkipped").longValue()).isEqualTo(1);
    try (ImapMailbox box = destinationBox(email)) {
      Map<String, List<MessageSnapshot>> after = box.snapshot(destination.prefix());
      assertThat(after).doesNotContainKeys("Spam", "Tmp/Scratch", "Old Stuff");
      assertThat(after.get("Archive/Old")).hasSize(2);
      assertThat(after.get("Archive/Old/2010")).hasSize(2);
      assertThat(after.get("INBOX")).hasSize(6);
      assertThat(after.get("INBOX")).anyMatch(m -> m.flags().contains("\\Deleted"));
    }

    // A domain that says so leaves messages marked deleted behind, and counts them.
    assertThat(api.put("api/domains/rules.test", "{\"copyDeleted\":false}").status())
        .isEqualTo(200);
    String other = "rob@rules.test";
    source.addUser(other, PASSWORD);
    destination.addUser(other, PASSWORD);
    try (ImapMailbox box = sourceBox(other)) {
      fill(box, "INBOX", 3, "rob");
      for (int i = 0; i < 2; i++) {
        box.append(
            "INBOX",
            ImapMailbox.message(
                "gone" + i + "@rules.test", "deleted " + i, "Mon, 4 Jan 2021 08:00:00 +0000", 800),
            new Flags(Flags.Flag.DELETED),
            Instant.parse("2021-01-04T08:00:00Z"));
      }
      box.append(
          "INBOX",
          ImapMailbox.message(
              "big2@rules.test", "too big", "Mon, 4 Jan 2021 08:00:00 +0000", 150_000),
          new Flags(),
          Instant.parse("2021-01-04T08:00:00Z"));
    }
    JsonObject skipping = migrate(other);
    assertThat(skipping.getJsonNumber("messagesDone").longValue()).isEqualTo(3);
    assertThat(skipping.getJsonNumber("messagesSkipped").longValue()).isEqualTo(3);
    assertThat(inbox(skipping).getJsonNumber("messagesSkipped").longValue()).isEqualTo(3);
    try (ImapMailbox box = destinationBox(other)) {
      assertThat(box.messages("INBOX")).hasSize(3).noneMatch(m -> m.flags().contains("\\Deleted"));
    }
    JsonObject listed =
        api.get("api/migrations").body().asJsonArray().stream()
            .map(v -> v.asJsonObject())
            .filter(m -> m.getString("email").equals(other))
            .findFirst()
            .orElseThrow();
    assertThat(listed.getJsonNumber("messagesSkipped").longValue()).isEqualTo(3);
  }

  private static JsonObject inbox(JsonObject migration) {
    return migration.getJsonArray("folders").stream()
        .map(v -> v.asJsonObject())
        .filter(f -> f.getString("source").equals("INBOX"))
        .findFirst()
        .orElseThrow();
  }

  /**
   * One mailbox under three spellings of its address, queued one after the other: one migration,
   * found and resynced under any spelling, and every message once on the destination.
   */
  @Test
  void caseVariantsOfAnAddressAreOneMigration() throws Exception {
    assertThat(
            api.put(
                    "api/domains/corp.test",
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    String email = "casey@corp.test";
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    try (ImapMailbox box = sourceBox(email)) {
      fill(box, "INBOX", 200, "casey");
    }
    for (String variant : List.of("Casey@corp.test", "casey@corp.test", "CASEY@CORP.TEST")) {
      ApiClient.Answer queued = api.queueMigration(variant, PASSWORD);
      assertThat(queued.status()).as(queued.text()).isEqualTo(202);
      assertThat(queued.object().getString("email")).isEqualTo(email);
    }
    JsonObject done = api.awaitStatus("CASEY@CORP.TEST", "COMPLETED", MIGRATION_TIMEOUT);
    assertThat(done.getString("email")).isEqualTo(email);
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(200);
    assertThat(
            api.get("api/migrations?max=10000").body().asJsonArray().stream()
                .map(v -> v.asJsonObject().getString("email"))
                .filter(e -> e.equalsIgnoreCase(email)))
        .containsExactly(email);
    try (ImapMailbox from = sourceBox(email);
        ImapMailbox to = destinationBox(email)) {
      assertThat(to.messages("INBOX"))
          .hasSize(200)
          .containsExactlyInAnyOrderElementsOf(from.messages("INBOX"));
    }

    ApiClient.Answer resync = api.post("api/migrations/Casey@Corp.Test/resync", null);
    assertThat(resync.status()).as(resync.text()).isEqualTo(202);
    assertThat(resync.object().getString("email")).isEqualTo(email);
    String firstFinish = done.getString("finishedAt");
    api.awaitMigration(
        "casey@CORP.test",
        m ->
            "COMPLETED".equals(m.getString("status"))
                && !firstFinish.equals(m.getString("finishedAt", firstFinish)),
        MIGRATION_TIMEOUT);
    try (ImapMailbox to = destinationBox(email)) {
      assertThat(to.messages("INBOX")).hasSize(200);
    }
  }
}
