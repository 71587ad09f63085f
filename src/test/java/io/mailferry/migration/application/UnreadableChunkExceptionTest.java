package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.ChunkLedger.NewError;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Flags;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreadableChunkExceptionTest {

  private static MessageRef ref(long uid, String subject, long size) {
    return new MessageRef(
        Uid.of(uid),
        new Flags(),
        Instant.EPOCH,
        size,
        "<" + uid + "@x>",
        subject,
        Fingerprint.of("<" + uid + "@x>", null, null, null, subject, Instant.EPOCH, size));
  }

  @Test
  void eachMessageOfTheRefusedChunkIsAnErrorToTryAgainWithTheServersAnswer() {
    UnreadableChunkException refused =
        new UnreadableChunkException(
            "INBOX.Archive",
            1_700_000_000L,
            List.of(ref(51, "first", 1_000), ref(52, "second", 2_000)),
            "[SERVERBUG] Internal error occurred");

    assertThat(refused.errors())
        .containsExactly(
            new NewError(
                51L,
                "<51@x>",
                "first",
                1_000L,
                "the source server refused to serve the message's chunk: [SERVERBUG] Internal"
                    + " error occurred",
                MessageErrorKind.UNREADABLE),
            new NewError(
                52L,
                "<52@x>",
                "second",
                2_000L,
                "the source server refused to serve the message's chunk: [SERVERBUG] Internal"
                    + " error occurred",
                MessageErrorKind.UNREADABLE));
    assertThat(refused.errors()).allSatisfy(e -> assertThat(e.kind().outstanding()).isTrue());
    assertThat(refused.folder()).isEqualTo("INBOX.Archive");
    assertThat(refused.uidValidity()).isEqualTo(1_700_000_000L);
    assertThat(refused.getMessage())
        .isEqualTo(
            "the source server refused to serve 2 messages of INBOX.Archive: [SERVERBUG] Internal"
                + " error occurred");
  }

  @Test
  void serializedItKeepsItsReasonAndFolderButNotTheMessages() throws Exception {
    UnreadableChunkException refused =
        new UnreadableChunkException("INBOX", 7L, List.of(ref(1, "a", 10)), "[SERVERBUG] x");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(refused);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      UnreadableChunkException back = (UnreadableChunkException) in.readObject();
      assertThat(back.getMessage()).isEqualTo(refused.getMessage());
      assertThat(back.folder()).isEqualTo("INBOX");
      assertThat(back.errors()).isEmpty();
    }
  }
}
