package io.mailferry.cluster;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.persistence.MailferryDatabase;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes this instance's heartbeat row and renews its leases five times per lease period, on a
 * thread of its own: a busy copy never delays it.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "LoadGate"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Heartbeat {

  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  @Resource private ManagedScheduledExecutorService scheduler;
  @Inject MailferryConfig config;
  @Inject ClusterInstance instance;
  @Inject ClusterStore store;
  @Inject MailboxLeases leases;
  @Inject MailboxSlots slots;
  @Inject LoadGate gate;

  private ScheduledFuture<?> beating;

  @PostConstruct
  void start() {
    beat();
    LOG.info(
        "Instance "
            + instance.id()
            + " on "
            + instance.host()
            + " joined the cluster on "
            + MailferryDatabase.get().description()
            + "; leases last "
            + config.clusterLease().toSeconds()
            + " s");
    long period = Math.max(200, config.clusterLease().toMillis() / 5);
    beating = scheduler.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (beating != null) {
      beating.cancel(false);
    }
    try {
      store.leave(instance.id());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "cannot remove the instance row", e);
    }
  }

  /** The gate's state and counts as the cluster's rows keep them. */
  static ClusterStore.Gate gate(LoadGate gate) {
    LoadGate.Report report = gate.report();
    return new ClusterStore.Gate(
        report.state().name(),
        report.allowed(),
        report.throttles(),
        report.closures(),
        report.mailboxPauses());
  }

  void beat() {
    long sent = System.nanoTime();
    try {
      Set<Long> renewed =
          store.heartbeat(
              instance.id(),
              instance.host(),
              instance.started(),
              slots.inUse(),
              slots.capacity(),
              gate(gate),
              config.clusterLease().toMillis());
      leases.renewed(renewed, sent);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Heartbeat of instance " + instance.id() + " failed", e);
    }
  }
}
