package io.mailferry.web.rest;

import io.mailferry.ops.LoadGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * This instance's load gate, read only: whether any mailbox may copy, the load it last sampled (a
 * ratio of the CPUs), its state (open, throttled, closed), the mailboxes it lets copy, and how many
 * times it closed and throttled and how many mailboxes it paused since the server started.
 */
@Path("load-gate")
@Produces(MediaType.APPLICATION_JSON)
public class LoadGateResource {

  /** The gate as the API shows it. */
  public record GateView(
      boolean open,
      double load,
      long closures,
      LoadGate.State state,
      int allowed,
      int capacity,
      long throttles,
      long mailboxPauses) {}

  @Inject LoadGate gate;

  @GET
  public GateView get() {
    LoadGate.Report report = gate.report();
    return new GateView(
        report.allowed() > 0,
        report.load() == null ? 0 : report.load(),
        report.closures(),
        report.state(),
        report.allowed(),
        report.capacity(),
        report.throttles(),
        report.mailboxPauses());
  }
}
