package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.application.ChunkAppender.Transfer;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read-ahead and append-ahead pipeline, with real threads and no server. */
class CopyPipelineTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final FolderState inbox = new FolderState(1, "INBOX", null, null);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private FolderBatch batch() {
    return new FolderBatch(inbox, null, List.of(), false, false);
  }

  @Test
  void theNextChunkIsAppendedAheadOnlyOnceThePreviousOneIsOnTheDestination() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    FolderBatch previous = batch();
    FolderBatch next = batch();
    AtomicInteger appendsAhead = new AtomicInteger();
    CountDownLatch appended = new CountDownLatch(1);
    Transfer done = Transfer.nothing();

    pipeline.readAhead(
        handOver -> next,
        previous,
        b -> {
          appendsAhead.incrementAndGet();
          appended.countDown();
          return done;
        });
    FolderBatch taken = pipeline.takeReadAhead();

    assertThat(taken).isSameAs(next);
    assertThat(appendsAhead).hasValue(0);
    assertThat(taken.transferAhead.isDone()).isFalse();
    previous.onDestination.complete(null);
    assertThat(pipeline.awaitTransferAhead(taken)).isSameAs(done);
    assertThat(appendsAhead).hasValue(1);
  }

  @Test
  void aChunkHandedOverIsAppendedAheadWhileItIsStillRead() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    FolderBatch previous = batch();
    previous.onDestination.complete(null);
    FolderBatch growing = batch();
    CountDownLatch appending = new CountDownLatch(1);
    CountDownLatch readWhole = new CountDownLatch(1);
    Transfer done = Transfer.nothing();

    pipeline.readAhead(
        handOver -> {
          handOver.accept(growing);
          // the read ends only once the append has started on what was handed over
          assertThat(appending.await(10, TimeUnit.SECONDS)).isTrue();
          readWhole.countDown();
          return growing;
        },
        previous,
        b -> {
          assertThat(b).isSameAs(growing);
          appending.countDown();
          return done;
        });
    FolderBatch taken = pipeline.takeReadAhead();

    assertThat(readWhole.getCount()).isZero();
    assertThat(taken).isSameAs(growing);
    assertThat(pipeline.awaitTransferAhead(taken)).isSameAs(done);
  }

  @Test
  void aChunkHandedOverAndThenReadAgainAsAnotherKeepsNoAppendAhead() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    FolderBatch previous = batch();
    previous.onDestination.complete(null);
    FolderBatch notServedWhole = batch();
    FolderBatch readAgain = batch();

    pipeline.readAhead(
        handOver -> {
          handOver.accept(notServedWhole);
          return readAgain;
        },
        previous,
        b -> Transfer.nothing());
    FolderBatch taken = pipeline.takeReadAhead();

    assertThat(taken).isSameAs(readAgain);
    assertThat(taken.transferAhead).isNull();
    assertThat(pipeline.awaitTransferAhead(taken)).isNull();
  }

  @Test
  void aChunkWhosePredecessorWasNotWrittenIsNeverAppendedAhead() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    FolderBatch previous = batch();
    AtomicInteger appendsAhead = new AtomicInteger();
    pipeline.readAhead(
        handOver -> batch(),
        previous,
        b -> {
          appendsAhead.incrementAndGet();
          return Transfer.nothing();
        });
    FolderBatch taken = pipeline.takeReadAhead();

    previous.onDestination.completeExceptionally(new java.util.concurrent.CancellationException());

    assertThat(pipeline.awaitTransferAhead(taken)).isNull();
    assertThat(appendsAhead).hasValue(0);
  }

  @Test
  void aFailedReadAheadIsGivenOnceToCountAsTheReadsFirstAttempt() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    MessagingException dropped = new MessagingException("connection reset");
    pipeline.readAhead(
        handOver -> {
          throw dropped;
        },
        batch(),
        b -> null);

    assertThat(pipeline.takeReadAhead()).isNull();
    assertThat(pipeline.takeReadFailure()).isSameAs(dropped);
    assertThat(pipeline.takeReadFailure()).isNull();
  }

  @Test
  void aFailedAppendAheadLeavesTheChunkToTheWriterWithTheFailureAsItsFirstAttempt()
      throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    FolderBatch previous = batch();
    MessagingException refused = new MessagingException("BYE server shutting down");
    pipeline.readAhead(
        handOver -> batch(),
        previous,
        b -> {
          throw new java.util.concurrent.CompletionException(refused);
        });
    FolderBatch taken = pipeline.takeReadAhead();
    previous.onDestination.complete(null);

    assertThat(pipeline.awaitTransferAhead(taken)).isNull();
    assertThat(pipeline.takeTransferFailure()).isSameAs(refused);
    AtomicInteger attempts = new AtomicInteger();
    var step =
        ServerRetries.afterFailure(
            refused,
            () -> {
              attempts.incrementAndGet();
              return "written";
            });
    try {
      step.run();
    } catch (MessagingException first) {
      assertThat(first).isSameAs(refused);
    }
    assertThat(step.run()).isEqualTo("written");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void withoutThreadsNothingIsReadAhead() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(null);
    pipeline.readAhead(handOver -> batch(), batch(), b -> null);

    assertThat(pipeline.takeReadAhead()).isNull();
    assertThat(pipeline.takeReadFailure()).isNull();
  }

  @Test
  void aReadAheadStillRunningIsAwaitedBeforeTheSourceGoesAndItsChunkDropped() throws Exception {
    CopyPipeline pipeline = new CopyPipeline(threads);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean finished =
        new java.util.concurrent.atomic.AtomicBoolean();
    pipeline.readAhead(
        handOver -> {
          reading.countDown();
          release.await(10, TimeUnit.SECONDS);
          finished.set(true);
          return batch();
        },
        batch(),
        b -> null);
    reading.await(10, TimeUnit.SECONDS);
    threads.execute(release::countDown);

    pipeline.dropReadAhead(Duration.ofSeconds(10));

    assertThat(finished).isTrue();
    assertThat(pipeline.takeReadAhead()).isNull();
  }
}
