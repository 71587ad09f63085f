package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool appended while the source serves it: the literal the destination gets is the message
 * whole and as long as announced, or it is left unfinished.
 */
class GrowingSpoolTest {

  private static final int SIZE = 1_000_003;

  @TempDir Path spool;

  private final byte[] message = new byte[SIZE];

  {
    new Random(11).nextBytes(message);
  }

  /** An APPEND's literal: what reached the destination, which a test can wait for. */
  private static final class Destination extends OutputStream {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      received.write(b);
      notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      received.write(b, off, len);
      notifyAll();
    }

    synchronized byte[] bytes() {
      return received.toByteArray();
    }

    synchronized void awaitAtLeast(int octets) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.size() < octets) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("octets received: %d of %d", received.size(), octets).isPositive();
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  private Path file;
  private FileChannel out;

  private GrowingSpool growing(long listed) throws IOException {
    file = Files.createTempFile(spool, "msg-", ".eml");
    out = FileChannel.open(file, StandardOpenOption.WRITE);
    return new GrowingSpool(file, listed);
  }

  /** The source serves octets [from, to) of the message. */
  private void serve(GrowingSpool content, int from, int to) throws IOException {
    out.write(ByteBuffer.wrap(message, from, to - from), from);
    content.written(from, to - from);
  }

  /** As an APPEND does: the size announced, then the literal, on a thread of its own. */
  private static CompletableFuture<Void> append(GrowingSpool content, Destination destination) {
    int announced = content.size();
    return CompletableFuture.runAsync(
        () -> {
          try {
            assertThat(announced).isPositive();
            content.writeTo(destination);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static String failureOf(CompletableFuture<Void> append) throws Exception {
    try {
      append.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause().getCause().getMessage();
    }
    throw new AssertionError("the literal was finished");
  }

  @Test
  void theLiteralGoesOutWhileTheMessageArrivesAndIsTheWholeMessageOnceItIsIn() throws Exception {
    GrowingSpool content = growing(SIZE);
    Destination destination = new Destination();
    CompletableFuture<Void> append = append(content, destination);

    serve(content, 0, SIZE / 2);
    destination.awaitAtLeast(SIZE / 2);
    serve(content, SIZE / 2, SIZE);
    content.complete(SIZE);
    append.get(30, TimeUnit.SECONDS);

    assertThat(destination.bytes()).isEqualTo(message);
  }

  @Test
  void theLastOctetWaitsUntilTheSourceHasServedTheWholeMessage() throws Exception {
    GrowingSpool content = growing(SIZE);
    Destination destination = new Destination();
    CompletableFuture<Void> append = append(content, destination);

    serve(content, 0, SIZE);
    destination.awaitAtLeast(SIZE - 1);
    content.fail("connection reset while the message was read");

    assertThat(failureOf(append))
        .isEqualTo(
            "the source did not serve the message whole: connection reset while the message was"
                + " read");
    assertThat(destination.bytes()).hasSize(SIZE - 1);
  }

  @Test
  void aMessageLongerThanListedLeavesTheLiteralUnfinished() throws Exception {
    GrowingSpool content = growing(SIZE - 1);
    Destination destination = new Destination();
    CompletableFuture<Void> append = append(content, destination);

    serve(content, 0, SIZE);
    content.complete(SIZE);

    assertThat(failureOf(append))
        .isEqualTo("the source listed " + (SIZE - 1) + " octets and served " + SIZE + " octets");
    assertThat(destination.bytes().length).isLessThan(SIZE - 1);
  }

  @Test
  void aMessageShorterThanListedLeavesTheLiteralUnfinished() throws Exception {
    GrowingSpool content = growing(SIZE + 1);
    Destination destination = new Destination();
    CompletableFuture<Void> append = append(content, destination);

    serve(content, 0, SIZE);
    destination.awaitAtLeast(SIZE);
    content.complete(SIZE);

    assertThat(failureOf(append))
        .isEqualTo("the source listed " + (SIZE + 1) + " octets and served " + SIZE + " octets");
    assertThat(destination.bytes()).hasSize(SIZE);
  }

  @Test
  void partsServedAgainAfterSomeWentOutLeaveTheLiteralUnfinished() throws Exception {
    GrowingSpool content = growing(SIZE);
    Destination destination = new Destination();
    CompletableFuture<Void> append = append(content, destination);

    serve(content, 0, 1000);
    destination.awaitAtLeast(1000);
    content.rewound();

    assertThat(failureOf(append))
        .isEqualTo("the source served parts of the message twice; read it again whole");
    assertThat(destination.bytes()).hasSize(1000);
  }

  @Test
  void piecesServedOutOfOrderGoOutOnlyOnceEverythingBeforeThemIsIn() throws Exception {
    GrowingSpool content = growing(SIZE);
    Destination destination = new Destination();
    serve(content, SIZE / 2, SIZE);
    Thread appender =
        new Thread(
            () -> {
              try {
                content.size();
                content.writeTo(destination);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    appender.start();
    while (appender.getState() != Thread.State.WAITING) {
      assertThat(appender.isAlive()).isTrue();
      Thread.onSpinWait();
    }

    serve(content, 0, SIZE / 2);
    content.complete(SIZE);
    appender.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(appender.isAlive()).isFalse();
    assertThat(destination.bytes()).isEqualTo(message);
  }

  @Test
  void onceInItIsAnOrdinarySpooledMessageOfTheLengthServed() throws Exception {
    GrowingSpool content = growing(SIZE + 5);
    serve(content, 0, SIZE);
    content.complete(SIZE);
    Destination destination = new Destination();

    assertThat(content.size()).isEqualTo(SIZE);
    content.writeTo(destination);

    assertThat(destination.bytes()).isEqualTo(message);
    content.close();
    assertThat(file).doesNotExist();
  }

  @Test
  void aFailureAfterTheMessageIsInChangesNothing() throws Exception {
    GrowingSpool content = growing(SIZE);
    serve(content, 0, SIZE);
    content.complete(SIZE);
    content.fail("too late");
    Destination destination = new Destination();

    content.size();
    content.writeTo(destination);

    assertThat(Arrays.equals(destination.bytes(), message)).isTrue();
  }
}
