package io.mailferry.source.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.Uid;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.LiteralProxy;
import io.mailferry.testing.MaildirCorpus;
import jakarta.mail.Flags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A large message read in pieces from a source that does not serve the pieces it is asked for, on
 * Dovecot behind a proxy that changes its answers: whatever such a source serves short, the message
 * read is the whole message, never its first part.
 */
class ShortPartsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String USER = "parts@example.test";
  private static final String PASSWORD = "parts-secret-pw";

  private DovecotServer server;
  private LiteralProxy proxy;
  private Path spool;
  private byte[] raw;

  @BeforeEach
  void start() throws Exception {
    server = DovecotServer.builder("short-parts").start();
    server.addUser(USER, PASSWORD);
    raw =
        ImapMailbox.message(
            "short-parts@example.test", "Large", "Mon, 4 Jan 2021 08:00:00 +0000", 1_700_000);
    try (ImapMailbox box = ImapMailbox.open(server.host(), server.imapPort(), USER, PASSWORD)) {
      box.append("INBOX", raw, new Flags(), Instant.parse("2021-01-04T08:00:00Z"));
    }
    proxy = new LiteralProxy(server.imapPort());
    spool = Files.createTempDirectory("short-parts");
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSourceThatServesEachPartShortStillGivesTheWholeMessage() throws Exception {
    proxy.servePartsOfAtMost(100_000);
    try (ImapSource source = connect();
        OpenSourceFolder open = source.open("INBOX", 0, 10)) {
      MessageRef ref = open.nextMessages(0, 10).get(0);
      assertThat(ref.size()).isEqualTo(raw.length);

      MessageContent spooled = open.fetchContents(List.of(ref), spool).get(ref.uid());

      assertWhole(spooled);
    }
  }

  @Test
  void aSourceThatServesPartsShortAndListsTheMessageShorterStillGivesItWhole() throws Exception {
    proxy.servePartsOfAtMost(100_000);
    proxy.listSize(raw.length, raw.length - 300_000);
    try (ImapSource source = connect();
        OpenSourceFolder open = source.open("INBOX", 0, 10)) {
      MessageRef ref = open.nextMessages(0, 10).get(0);
      assertThat(ref.size()).isEqualTo(raw.length - 300_000);

      assertWhole(open.fetchContents(List.of(ref), spool).get(ref.uid()));
    }
  }

  @Test
  void aMessageAppendedWhileItsPartsArriveShortIsWholeOnceRead() throws Exception {
    proxy.servePartsOfAtMost(100_000);
    try (ImapSource source = connect();
        OpenSourceFolder open = source.open("INBOX", 0, 10)) {
      MessageRef ref = open.nextMessages(0, 10).get(0);
      ByteArrayOutputStream appended = new ByteArrayOutputStream();
      CompletableFuture<Void> appending = new CompletableFuture<>();

      MessageContent content =
          open.fetchGrowing(
              ref,
              spool,
              growing ->
                  appending.completeAsync(
                      () -> {
                        try {
                          growing.writeTo(appended);
                          return null;
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      }));

      appending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(sha256(appended.toByteArray())).isEqualTo(sha256(raw));
      assertWhole(content);
    }
  }

  @Test
  void aMessageListedLongerThanItIsEndsWhereTheSourceEndsIt() throws Exception {
    proxy.listSize(raw.length, raw.length + 300_000);
    try (ImapSource source = connect();
        OpenSourceFolder open = source.open("INBOX", 0, 10)) {
      MessageRef ref = open.nextMessages(0, 10).get(0);
      assertThat(ref.size()).isEqualTo(raw.length + 300_000);

      assertWhole(open.fetchContents(List.of(ref), spool).get(ref.uid()));
      assertWhole(open.fetchGrowing(ref, spool, growing -> {}));
    }
  }

  @Test
  void aFolderWhoseContentsComeWithItsOpeningServedShortIsReadWhole() throws Exception {
    MaildirCorpus corpus = new MaildirCorpus(server, USER, 11);
    corpus.add(3, 3_000, "Mixed");
    corpus.addSized(1, 400_000, 400_000, "Mixed");
    String mixed = server.layout().folderName("Mixed");
    proxy.servePartsOfAtMost(100_000);
    try (ImapSource plain =
            ImapSource.connect(endpoint(server.imapPort()), USER, PASSWORD, TIMEOUT, TIMEOUT);
        ImapSource source = connect()) {
      assertThat(source.countsAndBytes(List.of(mixed))).hasSize(1);
      OpenSourceFolder open = source.open(mixed, 0, 800);
      List<MessageRef> refs = open.nextMessages(0, 800);
      assertThat(refs).hasSize(4);

      Map<Uid, MessageContent> read = open.fetchContents(refs, spool);

      try (OpenSourceFolder whole = plain.open(mixed, 0, 800)) {
        Map<Uid, MessageContent> expected = whole.fetchContents(refs, spool);
        for (MessageRef ref : refs) {
          assertThat(sha256(bytes(read.get(ref.uid()))))
              .as("message " + ref.uid() + " of " + ref.size() + " octets")
              .isEqualTo(sha256(bytes(expected.get(ref.uid()))));
        }
      }
      open.close();
    }
  }

  private static byte[] bytes(MessageContent content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    content.writeTo(out);
    content.close();
    return out.toByteArray();
  }

  private void assertWhole(MessageContent content) throws Exception {
    assertThat(content).as("the message was served").isNotNull();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    content.writeTo(whole);
    content.close();
    assertThat(whole.size()).isEqualTo(raw.length);
    assertThat(sha256(whole.toByteArray())).isEqualTo(sha256(raw));
  }

  private ImapSource connect() throws Exception {
    return ImapSource.connect(endpoint(proxy.port()), USER, PASSWORD, TIMEOUT, TIMEOUT);
  }

  private ServerEndpoint endpoint(int port) {
    return new ServerEndpoint(server.host(), port, Security.NONE, true, null);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
