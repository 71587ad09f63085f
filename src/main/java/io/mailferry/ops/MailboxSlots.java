package io.mailferry.ops;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling on mailboxes copying at the same moment, across every job execution in this server:
 * Jakarta Batch caps threads per execution only, and auto-migration starts one execution per
 * sign-up.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MailboxSlots {

  @Inject private MailferryConfig config;

  private Semaphore slots;
  private int capacity;
  private final Set<Long> holders = ConcurrentHashMap.newKeySet();
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void init() {
    capacity = config.maxConcurrentMailboxes();
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
    holders.add(migrationId);
    return true;
  }

  public void release(long migrationId) {
    if (holders.remove(migrationId)) {
      slots.release();
    }
  }

  public boolean isCopying(long migrationId) {
    return holders.contains(migrationId);
  }

  public int capacity() {
    return capacity;
  }

  public int inUse() {
    return holders.size();
  }
}
