package io.mailferry.ops;

import io.mailferry.cluster.ClusterInstance;
import io.mailferry.cluster.SourceSlots;
import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling on mailboxes copying at the same moment, across every job execution in this server:
 * Jakarta Batch caps threads per execution only, and auto-migration starts one execution per
 * sign-up. It also records the most slots ever held at once (the high-water mark), so that admins
 * and tests can see that the ceiling held without watching connections. A slot here also takes one
 * of the source server's slots, counted over every instance on the database ({@link
 * SourceSlots#takeSourceSlot}), so the ceiling holds for the source across the cluster. The slots
 * are numbered in the order they were taken: while the load gate lets fewer mailboxes copy, those
 * holding the oldest slots go on ({@link #amongFirst}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MailboxSlots {

  @Inject private MailferryConfig config;
  @Inject private SourceSlots cluster;
  @Inject private ClusterInstance instance;

  private Semaphore slots;
  private int capacity;

  /** The mailboxes holding a slot, each with the number of its slot in the order taken. */
  private final Map<Long, Long> holders = new ConcurrentHashMap<>();

  private final AtomicLong taken = new AtomicLong();
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
  private int held;
  private int highWaterMark;

  public MailboxSlots() {}

  /** Outside a container, for tests. */
  MailboxSlots(int capacity) {
    open(capacity);
  }

  // Not overloaded: the container looks its @PostConstruct method up by name.
  @PostConstruct
  void init() {
    open(config.maxConcurrentMailboxes());
  }

  private void open(int capacity) {
    this.capacity = capacity;
    slots = new Semaphore(capacity, true);
  }

  /** Marks a mailbox as being worked on; false when another job execution already has it. */
  public boolean claim(long migrationId) {
    return claimed.add(migrationId);
  }

  public void unclaim(long migrationId) {
    claimed.remove(migrationId);
  }

  public boolean isClaimed(long migrationId) {
    return claimed.contains(migrationId);
  }

  /** Mailboxes a live copy holds, copying or about to. */
  public int claimedCount() {
    return claimed.size();
  }

  /** Waits up to the timeout for a slot; false when none came free. */
  public boolean tryAcquire(long migrationId, long timeout, TimeUnit unit)
      throws InterruptedException {
    if (!slots.tryAcquire(timeout, unit)) {
      return false;
    }
    if (holders.containsKey(migrationId)) {
      // Already held by this mailbox: one mailbox never takes two slots.
      slots.release();
      return true;
    }
    // a login check (negative id, LoginChecks) is no mailbox: it holds a slot of this instance only
    if (cluster != null && migrationId > 0 && !takeSourceSlot(migrationId)) {
      slots.release();
      return false;
    }
    if (holders.putIfAbsent(migrationId, taken.incrementAndGet()) == null) {
      synchronized (this) {
        held++;
        highWaterMark = Math.max(highWaterMark, held);
      }
    } else {
      // Already held by this mailbox: one mailbox never takes two slots.
      slots.release();
    }
    return true;
  }

  private boolean takeSourceSlot(long migrationId) {
    try {
      return cluster.takeSourceSlot(migrationId, instance.id(), capacity);
    } catch (RuntimeException e) {
      return false; // the database is away: no copy can commit anyway
    }
  }

  public void release(long migrationId) {
    if (holders.remove(migrationId) != null) {
      if (cluster != null && migrationId > 0) {
        try {
          cluster.releaseSourceSlot(migrationId, instance.id());
        } catch (RuntimeException e) {
          // the slot is freed with the lease when it runs out
        }
      }
      synchronized (this) {
        held--;
      }
      slots.release();
    }
  }

  public boolean isCopying(long migrationId) {
    return holders.containsKey(migrationId);
  }

  /**
   * Whether a mailbox is among the first {@code count} to copy: one that holds a slot when fewer
   * than {@code count} of the slots held now were taken before its own, one that holds none when
   * fewer than {@code count} slots are held.
   */
  public boolean amongFirst(long migrationId, int count) {
    Long own = holders.get(migrationId);
    if (own == null) {
      return holders.size() < count;
    }
    return holders.values().stream().filter(slot -> slot < own).count() < count;
  }

  public int capacity() {
    return capacity;
  }

  public int inUse() {
    return holders.size();
  }

  /** The most slots held at the same moment since start or the last reset. */
  public synchronized int highWaterMark() {
    return highWaterMark;
  }

  /** Starts the mark again from the slots held now. */
  public synchronized void resetHighWaterMark() {
    highWaterMark = held;
  }
}
