package io.mailferry.web.rest;

import io.mailferry.ops.DatabaseHealth;
import io.mailferry.ops.DestinationHealth;
import io.mailferry.ops.Liveness;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.Readiness;

/** The health checks with their details (servers, database product, errors), for the admin. */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  /** One check as {@code /health} shows it, with its data. */
  public record Check(String name, String status, Map<String, Object> data) {}

  /** UP when every check is. */
  public record Report(String status, List<Check> checks) {}

  // the checks carry MicroProfile Health's qualifiers
  @Inject @org.eclipse.microprofile.health.Liveness Liveness liveness;
  @Inject @Readiness DatabaseHealth database;
  @Inject @Readiness DestinationHealth destination;

  @GET
  public Report health() {
    List<Check> checks =
        Stream.of(liveness.details(), database.details(), destination.details())
            .map(
                response ->
                    new Check(
                        response.getName(),
                        response.getStatus().name(),
                        response.getData().orElse(Map.of())))
            .toList();
    boolean up = checks.stream().allMatch(check -> check.status().equals("UP"));
    return new Report(up ? "UP" : "DOWN", checks);
  }
}
