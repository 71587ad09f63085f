package io.mailferry.cluster;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.persistence.MailferryDatabase;
import io.mailferry.ops.LoadGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The cluster as the dashboard and {@code GET /api/cluster} show it. */
@ApplicationScoped
public class ClusterView {

  /** One instance: alive while its heartbeat is younger than a lease period. */
  public record Member(
      String id,
      String host,
      Instant startedAt,
      Instant heartbeatAt,
      long heartbeatAgeSeconds,
      boolean alive,
      boolean self,
      int slotsInUse,
      int capacity,
      List<String> copying,
      ClusterStore.Gate gate) {

    /** The addresses copying, comma-separated, for a page. */
    public String copyingList() {
      return String.join(", ", copying);
    }
  }

  /** Slots of a source server's ceiling held now over every instance. */
  public record Source(String server, int slotsHeld) {}

  /** The whole picture; {@code instance} is the instance that answers. */
  public record Cluster(
      String instance,
      String database,
      boolean embeddedDatabase,
      long leaseSeconds,
      List<Member> instances,
      List<Source> sources) {}

  @Inject ClusterStore store;
  @Inject SourceSlots slots;
  @Inject ClusterInstance self;
  @Inject MailferryConfig config;
  @Inject LoadGate loadGate;

  public Cluster now() {
    Instant now = store.databaseNow();
    Duration lease = config.clusterLease();
    Map<String, List<String>> copying = store.copyingByInstance();
    List<Member> members =
        store.instances().stream()
            .map(
                row -> {
                  Duration age = Duration.between(row.heartbeat(), now);
                  boolean itself = row.id().equals(self.id());
                  return new Member(
                      row.id(),
                      row.host(),
                      row.started(),
                      row.heartbeat(),
                      Math.max(0, age.toSeconds()),
                      age.compareTo(lease) < 0,
                      itself,
                      row.copying(),
                      row.capacity(),
                      copying.getOrDefault(row.id(), List.of()),
                      // this instance's own gate as it is now, the others' as of their heartbeat
                      itself ? Heartbeat.gate(loadGate) : row.gate());
                })
            .toList();
    List<Source> sources =
        slots.sourceSlotsHeld().entrySet().stream()
            .map(e -> new Source(e.getKey(), e.getValue()))
            .toList();
    MailferryDatabase database = MailferryDatabase.get();
    return new Cluster(
        self.id(),
        database.description(),
        database.embedded(),
        lease.toSeconds(),
        members,
        sources);
  }
}
