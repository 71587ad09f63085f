package io.mailferry.cluster;

import io.mailferry.config.MailferryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this instance holds, as far as it knows for sure. A lease counts as held until the
 * moment its last renewal was sent plus the lease period, on this JVM's monotonic clock: the
 * database ended it no earlier. An instance that stalled (a long pause, a lost database) past that
 * moment sees its lease gone before it writes again, even before the heartbeat has run.
 */
@ApplicationScoped
public class MailboxLeases {

  @Inject MailferryConfig config;
  @Inject ClusterInstance instance;
  @Inject ClusterStore store;

  private final Map<Long, Long> heldUntilNanos = new ConcurrentHashMap<>();

  /**
   * Takes the mailbox's lease for this instance.
   *
   * @return false when another instance holds it
   */
  public boolean acquire(long migrationId) {
    long sent = System.nanoTime();
    if (!store.acquire(migrationId, instance.id(), config.clusterLease().toMillis())) {
      return false;
    }
    heldUntilNanos.put(migrationId, sent + config.clusterLease().toNanos());
    return true;
  }

  /** True while this instance surely holds the mailbox's lease. */
  public boolean holds(long migrationId) {
    Long until = heldUntilNanos.get(migrationId);
    return until != null && System.nanoTime() - until < 0;
  }

  /**
   * A heartbeat sent at {@code sentNanos} renewed these leases; the others it would have renewed
   * are gone. A lease taken after the heartbeat was sent is kept.
   */
  void renewed(Set<Long> migrationIds, long sentNanos) {
    long until = sentNanos + config.clusterLease().toNanos();
    heldUntilNanos.replaceAll(
        (id, old) -> migrationIds.contains(id) && old - until < 0 ? until : old);
    heldUntilNanos
        .entrySet()
        .removeIf(e -> !migrationIds.contains(e.getKey()) && e.getValue() - until <= 0);
  }

  /** The copy of the mailbox has ended here: its lease goes. */
  public void release(long migrationId) {
    heldUntilNanos.remove(migrationId);
    try {
      store.release(migrationId, instance.id());
    } catch (RuntimeException e) {
      // the database is away: the lease runs out by itself once the heartbeat cannot renew it
      java.util.logging.Logger.getLogger(MailboxLeases.class.getName())
          .warning("Cannot give the lease of mailbox " + migrationId + " back: " + e.getMessage());
    }
  }

  /** This instance's id, as leases name it. */
  public String instanceId() {
    return instance.id();
  }
}
