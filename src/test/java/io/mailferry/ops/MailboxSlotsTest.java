package io.mailferry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MailboxSlotsTest {

  @Test
  void theMarkReachesTheCeilingWhenMoreMailboxesThanSlotsAskAtOnceAndNeverPassesIt()
      throws Exception {
    MailboxSlots slots = new MailboxSlots(3);
    int mailboxes = 12;
    CyclicBarrier start = new CyclicBarrier(mailboxes);
    // The first three holders keep their slots until all three are in, so the ceiling is reached.
    CountDownLatch threeHeld = new CountDownLatch(3);
    AtomicInteger mostSeenByHolders = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(mailboxes);
    try {
      List<Future<Boolean>> copies = new ArrayList<>();
      for (long id = 1; id <= mailboxes; id++) {
        long migrationId = id;
        copies.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  if (!slots.tryAcquire(migrationId, 30, TimeUnit.SECONDS)) {
                    return false;
                  }
                  try {
                    mostSeenByHolders.accumulateAndGet(slots.inUse(), Math::max);
                    threeHeld.countDown();
                    return threeHeld.await(30, TimeUnit.SECONDS);
                  } finally {
                    slots.release(migrationId);
                  }
                }));
      }
      for (Future<Boolean> copy : copies) {
        assertThat(copy.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(slots.highWaterMark()).isEqualTo(3);
    assertThat(mostSeenByHolders.get()).isLessThanOrEqualTo(3);
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void oneMailboxAtATimeLeavesTheMarkAtOne() throws Exception {
    MailboxSlots slots = new MailboxSlots(4);
    for (long id = 1; id <= 5; id++) {
      assertThat(slots.tryAcquire(id, 1, TimeUnit.SECONDS)).isTrue();
      slots.release(id);
    }
    assertThat(slots.highWaterMark()).isEqualTo(1);
  }

  @Test
  void aResetStartsTheMarkAgainFromTheSlotsHeldNow() throws Exception {
    MailboxSlots slots = new MailboxSlots(4);
    for (long id = 1; id <= 3; id++) {
      assertThat(slots.tryAcquire(id, 1, TimeUnit.SECONDS)).isTrue();
    }
    slots.release(1);
    slots.release(2);
    assertThat(slots.highWaterMark()).isEqualTo(3);

    slots.resetHighWaterMark();

    assertThat(slots.highWaterMark()).isEqualTo(1);
    slots.release(3);
    assertThat(slots.highWaterMark()).isEqualTo(1);
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void aMailboxAskingTwiceHoldsOneSlot() throws Exception {
    MailboxSlots slots = new MailboxSlots(2);
    assertThat(slots.tryAcquire(7, 1, TimeUnit.SECONDS)).isTrue();
    assertThat(slots.tryAcquire(7, 1, TimeUnit.SECONDS)).isTrue();
    assertThat(slots.tryAcquire(8, 1, TimeUnit.SECONDS)).isTrue();

    assertThat(slots.inUse()).isEqualTo(2);
    assertThat(slots.highWaterMark()).isEqualTo(2);
    slots.release(7);
    slots.release(8);
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void theMailboxesHoldingTheOldestSlotsAreTheFirstToCopy() throws Exception {
    MailboxSlots slots = new MailboxSlots(4);
    for (long id : new long[] {30, 10, 20}) {
      assertThat(slots.tryAcquire(id, 1, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(slots.amongFirst(30, 1)).as("took the first slot").isTrue();
    assertThat(slots.amongFirst(10, 1)).isFalse();
    assertThat(slots.amongFirst(10, 2)).isTrue();
    assertThat(slots.amongFirst(20, 2)).isFalse();
    assertThat(slots.amongFirst(40, 3)).as("without a slot: three are held already").isFalse();
    assertThat(slots.amongFirst(40, 4)).isTrue();

    slots.release(30);
    assertThat(slots.amongFirst(10, 1)).as("the oldest now").isTrue();
    assertThat(slots.tryAcquire(30, 1, TimeUnit.SECONDS)).isTrue();
    assertThat(slots.amongFirst(30, 2)).as("a slot taken again is the youngest").isFalse();
  }
}
