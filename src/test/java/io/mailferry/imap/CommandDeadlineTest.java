package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommandDeadlineTest {

  private final AtomicLong now = new AtomicLong();
  private final CommandDeadline deadline = new CommandDeadline(Duration.ofMinutes(15), now::get);
  private final InputStream answer = deadline.receiving(new ByteArrayInputStream(new byte[1000]));
  private final OutputStream command = deadline.sending(new ByteArrayOutputStream());

  @Test
  void aServerThatTricklesItsAnswerIsCutOffAtTheDeadline() throws Exception {
    command.write("A1 UID FETCH 1:* BODY.PEEK[]\r\n".getBytes());
    now.addAndGet(Duration.ofMinutes(14).toNanos());
    assertThat(answer.read()).isZero();
    now.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThatThrownBy(answer::read)
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("within 15 min");
    assertThat(ImapFailure.classify(new SocketTimeoutException("x")))
        .isEqualTo(ImapFailure.TRANSIENT);
  }

  @Test
  void eachCommandSentStartsItsOwnDeadline() throws Exception {
    for (int i = 0; i < 5; i++) {
      command.write(("A" + i + " NOOP\r\n").getBytes());
      now.addAndGet(Duration.ofMinutes(10).toNanos());
      assertThat(answer.read(new byte[10], 0, 10)).isEqualTo(10);
    }
  }

  @Test
  void theGreetingCountsFromTheConnection() throws Exception {
    now.addAndGet(Duration.ofMinutes(16).toNanos());
    assertThatThrownBy(answer::read).isInstanceOf(SocketTimeoutException.class);
  }
}
