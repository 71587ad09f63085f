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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the server in the middle of a mailbox, then a new start on the same database: the
 * mailbox resumes by itself and the destination ends up holding every message exactly once.
 */
class CrashRecoveryIT {

  private static final String PASSWORD = "crash-pw";
  private static final int MESSAGES = 8000;

  private DovecotServer source;
  private DovecotServer destination;
  private PayaraMicro payara;

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
  void aServerKilledMidMailboxResumesWithoutDuplicatesOrLoss() throws Exception {
    source = DovecotServer.builder("crash-src").layout(Layout.DOT_INBOX_PREFIX).start();
    destination = DovecotServer.builder("crash-dst").layout(Layout.SLASH_NO_PREFIX).start();
    String email = "kim@crash.test";
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    new MaildirCorpus(source, email, 42).add(MESSAGES, 3_000);
    new MaildirCorpus(source, email, 43).add(300, 5_000, "Archive");

    Path dir = PayaraMicro.runDirectory("crash");
    Path load = dir.resolve("load");
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
            "MAILFERRY_MIGRATION_CHUNK_MESSAGES", "100");
    int port = PayaraMicro.freePort();
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);
    ApiClient api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(
            api.put(
                    "api/domains/crash.test",
                    "{\"host\":\"127.0.0.1\",\"port\":" + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    assertThat(
            api.post("api/migrations", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .status())
        .isEqualTo(202);
    JsonObject beforeCrash =
        api.awaitMigration(
            email, m -> m.getJsonNumber("messagesDone").longValue() >= 1500, Duration.ofMinutes(3));
    long execution = beforeCrash.getJsonNumber("jobExecutionId").longValue();

    payara.kill();
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);

    JsonObject done = api.awaitStatus(email, "COMPLETED", Duration.ofMinutes(4));
    assertThat(beforeCrash.getJsonNumber("messagesDone").longValue()).isLessThan(MESSAGES + 300);
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(MESSAGES + 300);
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD);
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD)) {
      assertThat(to.messages("INBOX"))
          .as("every INBOX message exactly once")
          .containsExactlyElementsOf(from.messages("INBOX"));
      assertThat(to.messages("Archive")).containsExactlyElementsOf(from.messages("INBOX.Archive"));
    }
    JsonObject interrupted =
        api.get("api/jobs").body().asJsonArray().stream()
            .map(v -> v.asJsonObject())
            .filter(j -> j.getJsonNumber("executionId").longValue() == execution)
            .findFirst()
            .orElseThrow();
    assertThat(interrupted.getString("batchStatus"))
        .as("the execution the crash interrupted is not left running")
        .isNotIn("STARTED", "STARTING", "STOPPING");
  }
}
