package io.mailferry.web.rest;

import io.mailferry.ops.LoadGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * This instance's load gate, read only: whether it is open, the load it last sampled (a ratio of
 * the CPUs) and how many times it closed since the server started.
 */
@Path("load-gate")
@Produces(MediaType.APPLICATION_JSON)
public class LoadGateResource {

  /** The gate as the API shows it. */
  public record GateView(boolean open, double load, long closures) {}

  @Inject LoadGate gate;

  @GET
  public GateView get() {
    double load = gate.load();
    return new GateView(gate.isOpen(), Double.isNaN(load) ? 0 : load, gate.closures());
  }
}
