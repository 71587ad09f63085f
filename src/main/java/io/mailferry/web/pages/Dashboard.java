package io.mailferry.web.pages;

import io.mailferry.cluster.ClusterView;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/**
 * The admin's overview: mailboxes per status, copy slots in use, the load gate, the database and
 * the instances sharing it.
 */
@Named
@RequestScoped
public class Dashboard {

  /** One status tile. */
  public record StatusCount(String status, long count) {}

  @Inject MigrationService migrations;
  @Inject MailboxSlots slots;
  @Inject LoadGate gate;
  @Inject ClusterView clusterView;

  private List<StatusCount> counts;
  private ClusterView.Cluster cluster;

  /** The instances on this database, their heartbeats and what each copies. */
  public ClusterView.Cluster getCluster() {
    if (cluster == null) {
      cluster = clusterView.now();
    }
    return cluster;
  }

  public List<StatusCount> getCounts() {
    if (counts == null) {
      Map<MigrationStatus, Long> byStatus = migrations.countByStatus();
      counts =
          byStatus.entrySet().stream()
              .map(e -> new StatusCount(e.getKey().name(), e.getValue()))
              .toList();
    }
    return counts;
  }

  public int getSlotsInUse() {
    return slots.inUse();
  }

  public int getSlotCapacity() {
    return slots.capacity();
  }

  public int getSlotsPercent() {
    int capacity = slots.capacity();
    return capacity <= 0 ? 0 : Math.min(100, slots.inUse() * 100 / capacity);
  }

  public boolean isGateOpen() {
    return gate.state() == LoadGate.State.OPEN;
  }

  /** The gate's state and its counts since this instance started. */
  public LoadGate.Report getGate() {
    return gate.report();
  }

  /** Open, Throttled or Closed, for a tag. */
  public String gateLabel(String state) {
    return state == null || state.isEmpty()
        ? ""
        : state.charAt(0) + state.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** The tag's colour for a gate state. */
  public String gateSeverity(String state) {
    return switch (state == null ? "" : state) {
      case "OPEN" -> "success";
      case "THROTTLED" -> "warning";
      default -> "danger";
    };
  }

  public double getLoad() {
    return gate.load();
  }

  /** The load as 0..100 for a progress bar (a load above 100 % fills it). */
  public int getLoadPercent() {
    double load = gate.load();
    return Double.isNaN(load) || load < 0 ? 0 : (int) Math.min(100, Math.round(load * 100));
  }

  /** Why mailboxes wait, while the gate throttles or is closed; empty while it is open. */
  public String getWaitingReason() {
    return isGateOpen() ? "" : gate.waitingReason();
  }
}
