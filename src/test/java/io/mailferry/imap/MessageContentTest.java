package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageContentTest {

  @TempDir Path spool;

  @Test
  void aSpooledMessageIsWrittenWholeAndItsFileGoesWithIt() throws Exception {
    byte[] message = new byte[700_001];
    new Random(7).nextBytes(message);
    Path file = Files.write(spool.resolve("msg-1.eml"), message);
    ByteArrayOutputStream written = new ByteArrayOutputStream();

    try (MessageContent content = MessageContent.spooled(file)) {
      assertThat(content.length()).isEqualTo(700_001);
      content.writeTo(written);
      content.writeTo(written);
    }

    byte[] twice = new byte[2 * message.length];
    System.arraycopy(message, 0, twice, 0, message.length);
    System.arraycopy(message, 0, twice, message.length, message.length);
    assertThat(written.toByteArray()).isEqualTo(twice);
    assertThat(file).doesNotExist();
  }

  @Test
  void anEmptySpooledMessageWritesNothing() throws Exception {
    Path file = Files.write(spool.resolve("msg-2.eml"), new byte[0]);
    ByteArrayOutputStream written = new ByteArrayOutputStream();

    try (MessageContent content = MessageContent.spooled(file)) {
      content.writeTo(written);
    }

    assertThat(written.size()).isZero();
  }
}
