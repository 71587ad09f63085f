package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a destination master user configured, Mailferry logs in to the destination as {@code
 * user*master} (Dovecot style), so the destination account needs no copy of the user's password.
 */
class MasterLoginIT {

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
  void theDestinationIsWrittenThroughTheMasterLogin() throws Exception {
    source = DovecotServer.builder("master-src").layout(Layout.SLASH_NO_PREFIX).start();
    destination =
        DovecotServer.builder("master-dst")
            .layout(Layout.DOT_INBOX_PREFIX)
            .masterUser("migrator", "master-secret")
            .start();
    String email = "mo@master.test";
    source.addUser(email, "source-password");
    destination.addUser(email, "a-password-mailferry-does-not-know");
    new MaildirCorpus(source, email, 5).add(120, 4_000).add(30, 4_000, "Projects", "2025");

    Path dir = PayaraMicro.runDirectory("master");
    Path load = dir.resolve("load");
    Files.writeString(load, "0");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            PayaraMicro.h2PostbootFile(dir),
            Map.of(
                "MAILFERRY_DESTINATION_HOST", "127.0.0.1",
                "MAILFERRY_DESTINATION_PORT", String.valueOf(destination.imapPort()),
                "MAILFERRY_DESTINATION_SECURITY", "none",
                "MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true",
                "MAILFERRY_DESTINATION_MASTER_USER", "migrator",
                "MAILFERRY_DESTINATION_MASTER_PASSWORD", "master-secret",
                "MAILFERRY_SECRET_KEY", "master-test-key",
                "MAILFERRY_MIGRATION_LOAD_FILE", load.toString()));
    ApiClient api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(
            api.put(
                    "api/domains/master.test",
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    assertThat(api.queueMigration(email, "source-password").status()).isEqualTo(202);

    assertThat(
            api.awaitStatus(email, "COMPLETED", Duration.ofMinutes(3))
                .getJsonNumber("messagesDone")
                .longValue())
        .isEqualTo(150);
    try (ImapMailbox from =
            ImapMailbox.open(source.host(), source.imapPort(), email, "source-password");
        ImapMailbox to =
            ImapMailbox.open(
                destination.host(),
                destination.imapPort(),
                email,
                "a-password-mailferry-does-not-know")) {
      assertThat(to.messages("INBOX")).containsExactlyElementsOf(from.messages("INBOX"));
      assertThat(to.messages("INBOX.Projects.2025"))
          .containsExactlyElementsOf(from.messages("Projects/2025"));
    }
  }
}
