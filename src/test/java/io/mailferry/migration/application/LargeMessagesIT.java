package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.LiteralProxy;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.mail.Flags;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large messages are appended while the source still serves them (the destination gets the listed
 * size up front and the last octet only once the message is in whole): a source that lists a
 * message with a size other than it serves, one cut in the middle of a message, and a kill -9 while
 * a message is half appended still leave each message on the destination exactly once, byte for
 * byte. Chunks of one message, so that each large message is a chunk of its own.
 */
class LargeMessagesIT {

  private static final String PASSWORD = "large-pw";
  private static final String DOMAIN = "large.test";
  private static final int LARGE = 3 * 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  private static DovecotServer source;
  private static DovecotServer destination;
  private static LiteralProxy sourceProxy;
  private static LiteralProxy destinationProxy;
  private static Path postboot;
  private static Map<String, String> env;
  private static int port;
  private static PayaraMicro payara;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    source = DovecotServer.builder("large-src").layout(Layout.DOT_INBOX_PREFIX).start();
    destination = DovecotServer.builder("large-dst").layout(Layout.SLASH_NO_PREFIX).start();
    sourceProxy = new LiteralProxy(source.imapPort());
    destinationProxy = new LiteralProxy(destination.imapPort());
    Path dir = PayaraMicro.runDirectory("large");
    Path load = dir.resolve("load");
    Files.writeString(load, "0");
    postboot = PayaraMicro.h2PostbootFile(dir);
    env =
        Map.of(
            "MAILFERRY_DESTINATION_HOST", "127.0.0.1",
            "MAILFERRY_DESTINATION_PORT", String.valueOf(destinationProxy.port()),
            "MAILFERRY_DESTINATION_SECURITY", "none",
            "MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true",
            "MAILFERRY_SECRET_KEY", "large-test-key",
            "MAILFERRY_MIGRATION_LOAD_FILE", load.toString(),
            "MAILFERRY_MIGRATION_CHUNK_MESSAGES", "1");
    port = PayaraMicro.freePort();
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);
    api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(
            api.put(
                    "api/domains/" + DOMAIN,
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + sourceProxy.port()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (payara != null) {
      payara.stop();
    }
    for (AutoCloseable closing : new AutoCloseable[] {sourceProxy, destinationProxy}) {
      if (closing != null) {
        closing.close();
      }
    }
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  /**
   * A mailbox of three small messages and three large ones of about {@code large} octets each (no
   * two alike); the sizes of the large ones.
   */
  private static List<Integer> mailbox(String email, int large) throws Exception {
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    List<Integer> sizes = new java.util.ArrayList<>();
    try (ImapMailbox box = ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD)) {
      for (int n = 0; n < 6; n++) {
        byte[] raw =
            ImapMailbox.message(
                email + "-" + n + "@" + DOMAIN,
                email + " message " + n,
                "Mon, 4 Jan 2021 08:00:00 +0000",
                n % 2 == 0 ? 2_000 : large + n * 1000);
        box.append(
            "INBOX",
            raw,
            n % 3 == 0 ? new Flags(Flags.Flag.SEEN) : new Flags(),
            Instant.parse("2021-01-04T08:00:00Z").plusSeconds(n));
        if (n % 2 == 1) {
          sizes.add(raw.length);
        }
      }
    }
    return sizes;
  }

  private static JsonObject migrate(String email) throws Exception {
    ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);
    return api.awaitStatus(email, "COMPLETED", TIMEOUT);
  }

  private static void assertCopiedExactlyOnce(String email) throws Exception {
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD);
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD)) {
      assertThat(to.messages("INBOX")).hasSize(6).containsExactlyElementsOf(from.messages("INBOX"));
    }
  }

  @Test
  void largeMessagesListedOneOctetShortOrLongArriveOnceByteForByte() throws Exception {
    String shorter = "short@" + DOMAIN;
    String longer = "long@" + DOMAIN;
    for (int size : mailbox(shorter, LARGE + 100_000)) {
      sourceProxy.listSize(size, size - 1);
    }
    for (int size : mailbox(longer, LARGE + 200_000)) {
      sourceProxy.listSize(size, size + 1);
    }

    JsonObject shorterDone = migrate(shorter);
    JsonObject longerDone = migrate(longer);

    for (JsonObject done : List.of(shorterDone, longerDone)) {
      assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(6);
      assertThat(done.getJsonNumber("messageErrors").longValue()).isZero();
    }
    assertCopiedExactlyOnce(shorter);
    assertCopiedExactlyOnce(longer);
  }

  @Test
  void aSourceCutInTheMiddleOfALargeMessageIsReadAgainAndTheMessageArrivesOnce() throws Exception {
    String email = "cut@" + DOMAIN;
    mailbox(email, LARGE);
    sourceProxy.cutOnceAfter(LARGE / 2);
    int cutsBefore = sourceProxy.cuts();

    JsonObject done = migrate(email);

    assertThat(sourceProxy.cuts() - cutsBefore).as("the proxy cut the source once").isEqualTo(1);
    assertThat(done.getJsonNumber("messageErrors").longValue()).isZero();
    assertCopiedExactlyOnce(email);
  }

  @Test
  void aSourceThatServesEachPartOfALargeMessageShortStillHasItCopiedWhole() throws Exception {
    String email = "parts@" + DOMAIN;
    mailbox(email, LARGE + 400_000);
    sourceProxy.servePartsOfAtMost(100_000);
    JsonObject done;
    try {
      done = migrate(email);
    } finally {
      sourceProxy.servePartsOfAtMost(-1);
    }

    assertThat(done.getJsonNumber("messageErrors").longValue()).isZero();
    assertCopiedExactlyOnce(email);
  }

  @Test
  void killedWhileALargeMessageIsHalfAppendedTheRestartedCopyHasItOnce() throws Exception {
    String email = "killed@" + DOMAIN;
    mailbox(email, LARGE + 300_000);
    destinationProxy.holdClientLiteralAfter(LARGE / 2);
    ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);

    destinationProxy.awaitHeld(TIMEOUT);
    payara.kill();
    destinationProxy.release();
    payara = PayaraMicro.start(PayaraMicro.builtWar(), port, postboot, env);
    JsonObject done = api.awaitStatus(email, "COMPLETED", TIMEOUT);

    assertThat(done.getJsonNumber("messageErrors").longValue()).isZero();
    assertCopiedExactlyOnce(email);
  }
}
