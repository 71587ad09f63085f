package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiteralGuardTest {

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Fails the test if anything after the announcement is read. */
  private static InputStream poison() {
    return new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the guard read past an oversized announcement");
      }
    };
  }

  @Test
  void literalsWithinTheLimitPassUntouchedEvenWhenTheyLookLikeAnnouncements() throws IOException {
    String body = "Subject: {999999999}\r\n\r\nbody {123456789012}\r\n";
    String stream =
        "* 1 FETCH (UID 7 BODY[] {" + body.length() + "}\r\n" + body + ")\r\na1 OK done\r\n";
    try (LiteralGuard guard = new LiteralGuard(text(stream), 1000)) {
      assertThat(new String(guard.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(stream);
    }
  }

  @Test
  void aLiteralReadInPiecesIsSkippedWholeAndTheNextAnnouncementIsStillGuarded() throws IOException {
    String body = "x{9999}\r\n".repeat(10_000);
    String stream =
        "* 1 FETCH (UID 7 BODY[] {"
            + body.length()
            + "}\r\n"
            + body
            + ")\r\n* 2 FETCH {999999}\r\n";
    LiteralGuard guard = new LiteralGuard(text(stream), body.length());
    byte[] piece = new byte[777];
    StringBuilder passed = new StringBuilder();
    int prefix = stream.indexOf("* 2 FETCH");

    while (passed.length() < prefix) {
      int n = guard.read(piece, 0, Math.min(piece.length, prefix - passed.length()));
      passed.append(new String(piece, 0, n, StandardCharsets.ISO_8859_1));
    }

    assertThat(passed.toString()).isEqualTo(stream.substring(0, prefix));
    assertThatThrownBy(() -> guard.read(piece, 0, piece.length))
        .isInstanceOf(OversizedLiteralException.class);
  }

  @Test
  void anAnnouncementOverTheLimitIsRefusedBeforeItsBytesAreRead() {
    InputStream server =
        new SequenceInputStream(text("* 1 FETCH (UID 7 BODY[] {2000000000}\r\n"), poison());
    LiteralGuard guard = new LiteralGuard(server, 4 * 1024 * 1024);

    assertThatThrownBy(() -> guard.read(new byte[8192], 0, 8192))
        .isInstanceOf(OversizedLiteralException.class)
        .hasMessageContaining("2000000000 bytes")
        .hasMessageContaining("4194304");
  }

  @Test
  void aSizeTooLargeForALongIsRefusedToo() {
    LiteralGuard guard =
        new LiteralGuard(text("* 1 FETCH (BODY[] {99999999999999999999999999}\r\n"), 1000);

    assertThatThrownBy(guard::readAllBytes).isInstanceOf(OversizedLiteralException.class);
  }

  @Test
  void theGuardReadsByteByByteAsWellAsInBlocks() throws IOException {
    LiteralGuard guard = new LiteralGuard(text("* OK {5}\r\nabcde\r\n* X {6}\r\n"), 5);
    for (int i = 0; i < "* OK {5}\r\nabcde\r\n".length(); i++) {
      assertThat(guard.read()).isNotNegative();
    }
    assertThatThrownBy(() -> guard.read(new byte[64], 0, 64))
        .isInstanceOf(OversizedLiteralException.class);
  }

  @Test
  void anOversizedLiteralStopsTheMailboxWithAReasonInsteadOfRetrying() {
    ImapFailure failure =
        ImapFailure.classify(
            new jakarta.mail.MessagingException("x", new OversizedLiteralException(5, 4)));

    assertThat(failure).isEqualTo(ImapFailure.BROKEN_SERVER);
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void theGuardsExceptionIsRecognisedInTheByeAngusMailMakesOfIt() {
    String bye =
        "* BYE Jakarta Mail Exception: "
            + new OversizedLiteralException(2_000_000_000L, 4_194_304L);
    jakarta.mail.FolderClosedException closed = new jakarta.mail.FolderClosedException(null, bye);

    assertThat(ImapFailure.classify(closed)).isEqualTo(ImapFailure.BROKEN_SERVER);
    assertThat(ImapFailure.rootMessage(closed))
        .startsWith("the server announced a literal of 2000000000 bytes");
  }
}
