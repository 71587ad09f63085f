package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.Uid;
import io.mailferry.source.imap.OpenSourceFolder;
import jakarta.mail.Flags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkBudgetTest {

  private static List<MessageRef> messages(int count, long size) {
    List<MessageRef> refs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      refs.add(
          new MessageRef(
              Uid.of(i),
              new Flags(),
              Instant.EPOCH,
              size,
              "<" + i + "@x>",
              "s",
              Fingerprint.of("<" + i + "@x>", null, null, null, "s", Instant.EPOCH, size)));
    }
    return refs;
  }

  @Test
  void ordinaryMessagesFillTheWholeChunk() {
    assertThat(ChunkBudget.first(messages(200, 20_000))).hasSize(200);
  }

  @Test
  void messagesJustUnderTheStreamingThresholdAreCutToTheBudget() {
    long size = OpenSourceFolder.STREAM_THRESHOLD;
    List<MessageRef> chunk = ChunkBudget.first(messages(200, size));
    assertThat(chunk).hasSize((int) (ChunkBudget.CHUNK_MEMORY / size));
    assertThat(chunk.stream().mapToLong(MessageRef::size).sum())
        .isLessThanOrEqualTo(ChunkBudget.CHUNK_MEMORY);
  }

  @Test
  void largeMessagesGoAFewAtATimeAndOneAlwaysFits() {
    assertThat(ChunkBudget.first(messages(20, 50L * 1024 * 1024))).hasSize(1);
    assertThat(ChunkBudget.first(messages(20, 5L * 1024 * 1024)))
        .hasSize((int) (ChunkBudget.CHUNK_BYTES / (5L * 1024 * 1024)));
    List<MessageRef> one = messages(1, OpenSourceFolder.STREAM_THRESHOLD);
    assertThat(ChunkBudget.first(one)).hasSize(1);
  }
}
