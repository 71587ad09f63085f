package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.RefusingImapProxy;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.mail.Flags;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A destination that refuses: for now (RFC 5530 UNAVAILABLE), for good (TOOBIG, RFC 7889), or
 * because a folder is missing (TRYCREATE). Refused messages are tried again, a mailbox with
 * messages still missing never ends COMPLETED, its report names each one, and a resync copies them.
 */
class DestinationRefusalsIT {

  private static final String PASSWORD = "refusal-pw";

  private static DovecotServer source;
  private static DovecotServer destination;
  private static RefusingImapProxy proxy;
  private static PayaraMicro payara;
  private static ApiClient api;
  private static Path load;

  @BeforeAll
  static void start() throws Exception {
    source = DovecotServer.builder("refusal-src").layout(Layout.DOT_INBOX_PREFIX).start();
    destination = DovecotServer.builder("refusal-dst").layout(Layout.SLASH_NO_PREFIX).start();
    proxy = new RefusingImapProxy(destination.imapPort());
    Path dir = PayaraMicro.runDirectory("refusals");
    load = dir.resolve("load");
    Files.writeString(load, "0");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            PayaraMicro.h2PostbootFile(dir),
            Map.of(
                "MAILFERRY_DESTINATION_HOST", "127.0.0.1",
                "MAILFERRY_DESTINATION_PORT", String.valueOf(proxy.port()),
                "MAILFERRY_DESTINATION_SECURITY", "none",
                "MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true",
                "MAILFERRY_SECRET_KEY", "refusal-test-key",
                "MAILFERRY_MIGRATION_LOAD_FILE", load.toString(),
                "MAILFERRY_MIGRATION_LOAD_SAMPLE_SECONDS", "1",
                "MAILFERRY_MIGRATION_CHUNK_MESSAGES", "40"));
    api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(
            api.put(
                    "api/domains/refusal.test",
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (payara != null) {
      payara.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void messagesRefusedForNowAreTriedAgainAndTheMailboxEndsComplete() throws Exception {
    String email = "ursula@refusal.test";
    user(email);
    new MaildirCorpus(source, email, 11).add(300, 3_000).add(80, 2_000, "Work");
    int refusedBefore = proxy.refused();
    proxy.policy(
        (command, whole, n) -> n % 5 == 0 ? "NO [UNAVAILABLE] Temporary failure, try again" : null);

    JsonObject done = migrateAndWait(email);

    assertThat(done.getString("status")).isEqualTo("COMPLETED");
    assertThat(done.getInt("messageErrors")).isZero();
    assertThat(proxy.refused() - refusedBefore).as("the proxy did refuse").isGreaterThan(5);
    assertEqual(email, "INBOX", "Work");
    JsonObject report = api.get("api/migrations/" + email + "/report").object();
    assertThat(report.getBoolean("complete")).isTrue();
    assertThat(report.getJsonArray("folders").getValuesAs(JsonObject.class))
        .allSatisfy(f -> assertThat(f.getBoolean("verified")).isTrue())
        .anySatisfy(f -> assertThat(f.getInt("copied")).isEqualTo(300));
  }

  @Test
  void messagesStillRefusedAreOutstandingUntilAResyncCopiesThem() throws Exception {
    String email = "victor@refusal.test";
    user(email);
    new MaildirCorpus(source, email, 12).add(150, 3_000);
    try (ImapMailbox mailbox =
        ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD)) {
      for (int i = 0; i < 2; i++) {
        mailbox.append(
            "INBOX", marked("X-Refuse: yes", "refused-" + i), new Flags(), Instant.now());
      }
      mailbox.append(
          "INBOX", marked("X-Big: yes", "big"), new Flags(Flags.Flag.SEEN), Instant.now());
    }
    proxy.policy(
        (command, whole, n) -> {
          if (RefusingImapProxy.contains(whole, "X-Big: yes")) {
            return "NO [TOOBIG] Message is larger than this server accepts";
          }
          if (RefusingImapProxy.contains(whole, "X-Refuse: yes")) {
            return "NO [UNAVAILABLE] Backend storage is busy";
          }
          return null;
        });

    JsonObject stopped = migrateAndWait(email);

    assertThat(stopped.getString("status"))
        .as("never COMPLETED while mail is missing")
        .isEqualTo("ERROR");
    assertThat(stopped.getString("statusMessage"))
        .contains("Incomplete: 3 messages are not on the destination")
        .contains("resync");
    assertThat(stopped.getInt("messageErrors")).isEqualTo(3);
    JsonObject report = api.get("api/migrations/" + email + "/report").object();
    assertThat(report.getBoolean("complete")).isFalse();
    assertThat(report.getInt("outstanding")).isEqualTo(3);
    assertThat(report.getJsonArray("refused").getValuesAs(JsonObject.class))
        .extracting(r -> r.getString("reason"))
        .haveExactly(2, reasonContaining("[UNAVAILABLE] Backend storage is busy"))
        .haveExactly(1, reasonContaining("[TOOBIG]"));
    String csv = api.getAs("api/migrations/" + email + "/report.csv", "text/csv").text();
    assertThat(csv).startsWith("folder,destination,source_messages").contains("[TOOBIG]");
    System.out.println("Report of " + email + " after refusals:\n" + csv);
    try (ImapMailbox to =
        ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD)) {
      assertThat(to.messages("INBOX")).hasSize(150);
    }

    proxy.policy(RefusingImapProxy.Policy.PASS);
    assertThat(api.post("api/migrations/" + email + "/resync", "{}").status()).isEqualTo(202);
    JsonObject done = api.awaitStatus(email, "COMPLETED", Duration.ofMinutes(3));

    assertThat(done.getInt("messageErrors")).isZero();
    assertThat(done.getJsonArray("errors")).as("resolved errors are history").isEmpty();
    assertEqual(email, "INBOX");
    JsonObject after = api.get("api/migrations/" + email + "/report").object();
    assertThat(after.getBoolean("complete")).isTrue();
    assertThat(after.getInt("outstanding")).isZero();
    System.out.println(
        "Report of "
            + email
            + " after the resync:\n"
            + api.getAs("api/migrations/" + email + "/report.csv", "text/csv").text());
  }

  @Test
  void aFolderTheDestinationSaysIsMissingIsCreatedAndFilled() throws Exception {
    String email = "wanda@refusal.test";
    user(email);
    new MaildirCorpus(source, email, 13).add(30, 2_000).add(45, 2_000, "Projects");
    Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    proxy.policy(
        (command, whole, n) ->
            command.contains("Projects") && answered.add("Projects")
                ? "NO [TRYCREATE] Mailbox doesn't exist: Projects"
                : null);

    JsonObject done = migrateAndWait(email);

    assertThat(done.getString("status")).isEqualTo("COMPLETED");
    assertThat(answered).containsExactly("Projects");
    assertEqual(email, "INBOX", "Projects");
  }

  @Test
  void aSourceThatAnnouncesAnEnormousMessageStopsTheMailboxWithoutExhaustingMemory()
      throws Exception {
    String email = "xavier@hostile.test";
    user(email);
    new MaildirCorpus(source, email, 14).add(20, 2_000);
    proxy.policy(RefusingImapProxy.Policy.PASS);
    try (RefusingImapProxy lying = new RefusingImapProxy(source.imapPort())) {
      lying.announceBodiesAs(2_000_000_000L);
      assertThat(
              api.put(
                      "api/domains/hostile.test",
                      "{\"host\":\"127.0.0.1\",\"port\":"
                          + lying.port()
                          + ",\"security\":\"none\",\"allowPlaintext\":true}")
                  .status())
          .isEqualTo(200);

      JsonObject stopped = migrateAndWait(email);

      assertThat(stopped.getString("status")).isEqualTo("ERROR");
      assertThat(stopped.getString("statusMessage"))
          .contains("sent more than Mailferry accepts")
          .contains("2000000000 bytes");
      assertThat(api.get("api/migrations/" + email).status())
          .as("Payara still answers: nothing was allocated for the announced size")
          .isEqualTo(200);
    }
  }

  @Test
  void aSourceThatDropsTheConnectionAtLoginIsNotAskedAgainAndAgain() throws Exception {
    String email = "yvonne@dropping.test";
    user(email);
    new MaildirCorpus(source, email, 15).add(10, 2_000);
    proxy.policy(RefusingImapProxy.Policy.PASS);
    try (RefusingImapProxy dropping = new RefusingImapProxy(source.imapPort())) {
      assertThat(
              api.put(
                      "api/domains/dropping.test",
                      "{\"host\":\"127.0.0.1\",\"port\":"
                          + dropping.port()
                          + ",\"security\":\"none\",\"allowPlaintext\":true}")
                  .status())
          .isEqualTo(200);
      long closuresBefore = api.get("api/load-gate").object().getJsonNumber("closures").longValue();
      Files.writeString(load, "1");
      try {
        api.awaitLoadGate(false, Duration.ofMinutes(1));
        JsonObject gate = api.get("api/load-gate").object();
        assertThat(gate.getBoolean("open")).isFalse();
        assertThat(gate.getJsonNumber("closures").longValue())
            .as("the gate counts its closing")
            .isEqualTo(closuresBefore + 1);
        assertThat(api.queueMigration(email, PASSWORD).status()).isEqualTo(202);
        api.awaitMigration(
            email,
            m ->
                m.getString("status").equals("WAITING")
                    && m.getString("statusMessage").contains("load"),
            Duration.ofMinutes(2));
        int loginsBefore = dropping.logins();
        dropping.dropLogins(true);
        Files.writeString(load, "0");

        JsonObject stopped =
            api.awaitMigration(
                email, m -> m.getString("status").equals("ERROR"), Duration.ofMinutes(3));

        assertThat(stopped.getString("statusMessage")).contains("rejected the login");
        assertThat(dropping.logins() - loginsBefore)
            .as("logins tried while the source dropped each one: no lock-out by retries")
            .isEqualTo(2);
      } finally {
        Files.writeString(load, "0");
      }
    }
  }

  private static org.assertj.core.api.Condition<String> reasonContaining(String text) {
    return new org.assertj.core.api.Condition<>(r -> r.contains(text), "contains " + text);
  }

  private static byte[] marked(String header, String id) {
    byte[] message =
        ImapMailbox.message(
            id + "@refusal.test", "Marked " + id, "Mon, 2 Mar 2026 10:00:00 +0000", 2_000);
    return (header + "\r\n" + new String(message, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void user(String email) {
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
  }

  private static JsonObject migrateAndWait(String email) throws Exception {
    assertThat(api.queueMigration(email, PASSWORD).status()).isEqualTo(202);
    return api.awaitMigration(
        email,
        m -> Set.of("COMPLETED", "ERROR").contains(m.getString("status")),
        Duration.ofMinutes(4));
  }

  private static void assertEqual(String email, String... folders) throws Exception {
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD);
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD)) {
      for (String folder : folders) {
        String sourceName = folder.equals("INBOX") ? "INBOX" : "INBOX." + folder;
        assertThat(to.messages(folder))
            .as("%s holds each source message exactly once", folder)
            .containsExactlyInAnyOrderElementsOf(from.messages(sourceName));
      }
    }
  }
}
