package io.mailferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.config.MailferryConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailboxLeasesTest {

  /** The database's side: which leases it grants. */
  private final Set<Long> grantable = new HashSet<>(Set.of(1L, 2L, 3L));

  private final MailboxLeases leases = new MailboxLeases();

  @BeforeEach
  void wire() {
    leases.config = MailferryConfig.of(Map.of("mailferry.cluster.lease-seconds", "60"));
    leases.instance = new ClusterInstance();
    leases.store =
        new ClusterStore() {
          @Override
          public boolean acquire(long migrationId, String instance, long leaseMillis) {
            return grantable.contains(migrationId);
          }

          @Override
          public void release(long migrationId, String instance) {}
        };
  }

  @Test
  void aLeaseTheDatabaseGrantsIsHeldAndOneItRefusesIsNot() {
    assertThat(leases.acquire(1)).isTrue();
    assertThat(leases.holds(1)).isTrue();

    grantable.remove(4L);
    assertThat(leases.acquire(4)).isFalse();
    assertThat(leases.holds(4)).isFalse();
  }

  @Test
  void aLeaseTheHeartbeatDidNotRenewIsGoneAtOnce() {
    leases.acquire(1);
    leases.acquire(2);

    leases.renewed(Set.of(2L), System.nanoTime());

    assertThat(leases.holds(1)).as("taken over or run out in the database").isFalse();
    assertThat(leases.holds(2)).isTrue();
  }

  @Test
  void aLeaseTakenAfterTheHeartbeatWasSentIsKept() {
    long sent = System.nanoTime();
    leases.acquire(3);

    leases.renewed(Set.of(), sent);

    assertThat(leases.holds(3)).isTrue();
  }

  @Test
  void aReleasedLeaseIsNoLongerHeld() {
    leases.acquire(1);

    leases.release(1);

    assertThat(leases.holds(1)).isFalse();
  }
}
