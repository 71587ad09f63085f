package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the server at many moments of one mailbox, each followed by a new start on the same
 * database: right after a folder's first chunk reached the destination (its mark and records not
 * yet durable), while a folder's last chunk is appended, in the middle of a big folder while the
 * next chunk is appended ahead, and in the middle of a resync. The destination must end up holding
 * every message exactly once each time.
 */
class CrashRecoveryIT {

  private static final String PASSWORD = "crash-pw";
  private static final String EMAIL = "kim@crash.test";
  private static final int INBOX = 2500;
  private static final List<String> SMALL_FOLDERS =
      List.of("Folder 00", "Folder 01", "Folder 02", "Folder 03", "Folder 04", "Folder 05");
  private static final int SMALL = 120;
  private static final int ARCHIVE = 300;

  private DovecotServer source;
  private DovecotServer destination;
  private PayaraMicro payara;

  /** The load the application reads: "1" holds every mailbox, "0" lets them copy. */
  private Path load;

  @AfterEach
  void stop() {
    if (payara != null) {
      payara.stop();
    }
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void killedAtManyMomentsTheMailboxStillEndsWithEveryMessageExactlyOnce() throws Exception {
    source = DovecotServer.builder("crash-src").layout(Layout.DOT_INBOX_PREFIX).start();
    destination = DovecotServer.builder("crash-dst").layout(Layout.SLASH_NO_PREFIX).start();
    source.addUser(EMAIL, PASSWORD);
    destination.addUser(EMAIL, PASSWORD);
    MaildirCorpus corpus = new MaildirCorpus(source, EMAIL, 42);
    corpus.add(INBOX, 3_000);
    for (String folder : SMALL_FOLDERS) {
      corpus.add(SMALL, 2_000, folder);
    }
    corpus.add(ARCHIVE, 5_000, "Archive");

    Path dir = PayaraMicro.runDirectory("crash");
    load = dir.resolve("load");
    Files.writeString(load, "0");
    Path postboot = PayaraMicro.h2PostbootFile(dir);
    Map<String, String> env =
        Map.of(
            "MAILFERRY_DESTINATION_HOST", "127.0.0.1",
            "MAILFERRY_DESTINATION_PORT", String.valueOf(destination.imapPort()),
            "MAILFERRY_DESTINATION_SECURITY", "none",
            "MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true",
            "MAILFERRY_SECRET_KEY", "crash-test-key",
            "MAILFERRY_MIGRATION_LOAD_FILE", load.toString(),
            "MAILFERRY_MIGRATION_LOAD_SAMPLE_SECONDS", "1",
            "MAILFERRY_MIGRATION_CHUNK_MESSAGES", "50");
    int port = PayaraMicro.freePort();
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);
    ApiClient api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(
            api.put(
                    "api/domains/crash.test",
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    assertThat(api.queueMigration(EMAIL, PASSWORD).status()).isEqualTo(202);
    long firstExecution =
        api.awaitMigration(
                EMAIL,
                m -> m.containsKey("jobExecutionId") && !m.isNull("jobExecutionId"),
                Duration.ofMinutes(2))
            .getJsonNumber("jobExecutionId")
            .longValue();

    List<String> killedAt = new ArrayList<>();
    try (ImapMailbox watch =
        ImapMailbox.open(destination.host(), destination.imapPort(), EMAIL, PASSWORD)) {
      // INBOX is copied first: in its middle, where the next chunk is appended ahead while the
      // one before is recorded.
      killWhen(watch, now -> now.getOrDefault("INBOX", 0) >= 700, "mid-INBOX");
      killedAt.add("mid-INBOX");
      restart(port, postboot, env);
      // Three times: just after a folder's first chunk is on the destination.
      for (int i = 0; i < 3; i++) {
        Map<String, Integer> before = counts(watch);
        killWhen(
            watch,
            now ->
                now.entrySet().stream()
                    .anyMatch(e -> e.getValue() > 0 && before.getOrDefault(e.getKey(), 0) == 0),
            "a folder's first chunk");
        killedAt.add("a folder's first chunk");
        restart(port, postboot, env);
      }
      // While the later chunks of a small folder are appended.
      Map<String, Integer> before = counts(watch);
      killWhen(
          watch,
          now ->
              now.entrySet().stream()
                  .anyMatch(
                      e ->
                          SMALL_FOLDERS.contains(e.getKey())
                              && e.getValue() >= 50
                              && e.getValue() < SMALL
                              && before.getOrDefault(e.getKey(), 0) < 50),
          "a folder's last chunks");
      killedAt.add("a folder's last chunks");
      restart(port, postboot, env);
      api.awaitStatus(EMAIL, "COMPLETED", Duration.ofMinutes(6));
      assertEqual();

      // New mail on the source, a resync, and a kill in the middle of it.
      new MaildirCorpus(source, EMAIL, 77).add(600, 3_000);
      new MaildirCorpus(source, EMAIL, 78).add(40, 2_000, "Folder 03");
      assertThat(api.post("api/migrations/" + EMAIL + "/resync", "{}").status()).isEqualTo(202);
      killWhen(watch, now -> now.getOrDefault("INBOX", 0) >= INBOX + 100, "mid-resync");
      killedAt.add("mid-resync");
      restart(port, postboot, env);
    }
    JsonObject done = api.awaitStatus(EMAIL, "COMPLETED", Duration.ofMinutes(6));
    assertThat(killedAt).hasSize(6);
    assertEqual();
    assertThat(done.getJsonNumber("messageErrors").longValue()).isZero();

    JsonObject interrupted =
        api.get("api/jobs").body().asJsonArray().stream()
            .map(v -> v.asJsonObject())
            .filter(j -> j.getJsonNumber("executionId").longValue() == firstExecution)
            .findFirst()
            .orElseThrow();
    assertThat(interrupted.getString("batchStatus"))
        .as("the execution the first crash interrupted is not left running")
        .isNotIn("STARTED", "STARTING", "STOPPING");
  }

  /**
   * Starts Payara again with the load gate closed, and opens it once Payara serves: the copy
   * resumes only when the test is watching for its next moment (a slow start must not let the whole
   * mailbox finish unobserved).
   */
  private void restart(int port, Path postboot, Map<String, String> env) throws Exception {
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);
    Files.writeString(load, "0");
  }

  /** Kills Payara the moment the destination shows the awaited state. */
  private void killWhen(ImapMailbox watch, Predicate<Map<String, Integer>> state, String moment)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      if (state.test(counts(watch))) {
        payara.kill();
        Files.writeString(load, "1");
        return;
      }
      Thread.sleep(5); // the poll interval: STATUS of eight folders each time
    }
    throw new AssertionError(
        "the destination never reached the moment '"
            + moment
            + "': "
            + counts(watch)
            + "\n"
            + payara.logTail());
  }

  /** Messages per destination folder, by STATUS. */
  private static Map<String, Integer> counts(ImapMailbox watch) throws MessagingException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : destinationFolders()) {
      Folder folder = watch.store().getFolder(name);
      counts.put(name, folder.exists() ? folder.getMessageCount() : 0);
    }
    return counts;
  }

  private static List<String> destinationFolders() {
    List<String> names = new ArrayList<>(List.of("INBOX", "Archive"));
    names.addAll(SMALL_FOLDERS);
    return names;
  }

  private void assertEqual() throws Exception {
    for (String name : destinationFolders()) {
      String sourceName = name.equals("INBOX") ? "INBOX" : "INBOX." + name;
      assertThat(read(destination, name))
          .as("every message of %s exactly once", name)
          .containsExactlyInAnyOrderElementsOf(read(source, sourceName));
    }
  }

  /** A folder's messages, read on a connection of their own. */
  private static List<ImapMailbox.MessageSnapshot> read(DovecotServer server, String folder)
      throws Exception {
    try (ImapMailbox mailbox =
        ImapMailbox.open(server.host(), server.imapPort(), EMAIL, PASSWORD)) {
      return mailbox.messages(folder);
    }
  }
}
