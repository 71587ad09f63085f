package io.mailferry.web.rest;

import io.mailferry.migration.application.CompletenessReport;
import io.mailferry.migration.application.CompletenessReports;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.web.security.Inputs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Queue mailboxes, follow them, resync them. */
@Path("migrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MigrationsResource {

  /** A mailbox to migrate; sourceLogin only when the source login is not the address. */
  public record QueueRequest(String email, String password, String sourceLogin) {}

  @Inject MigrationService migrations;
  @Inject CompletenessReports reports;

  @POST
  public Response queue(QueueRequest request) {
    if (request == null || request.email() == null || request.email().isBlank()) {
      throw new IllegalArgumentException("email and password are required");
    }
    Inputs.printable(request.email(), "address");
    Inputs.printable(request.sourceLogin(), "source login");
    MigrationView view = migrations.queue(request.email(), request.password(), request.sourceLogin());
    return Response.status(Response.Status.ACCEPTED).entity(view).build();
  }

  @GET
  public List<MigrationView> list(@QueryParam("max") Integer max) {
    return migrations.list(max == null ? 500 : Math.max(1, Math.min(max, 10_000)));
  }

  @GET
  @Path("{email}")
  public MigrationView status(@PathParam("email") String email) {
    return migrations.status(Inputs.printable(email, "address"));
  }

  @POST
  @Path("{email}/resync")
  public Response resync(@PathParam("email") String email) {
    return Response.status(Response.Status.ACCEPTED).entity(migrations.resync(Inputs.printable(email, "address"))).build();
  }

  @GET
  @Path("{email}/report")
  public CompletenessReport report(@PathParam("email") String email) {
    return reports.of(email);
  }

  @GET
  @Path("{email}/report.csv")
  @Produces("text/csv")
  public Response reportCsv(@PathParam("email") String email) {
    CompletenessReport report = reports.of(email);
    return Response.ok(report.csv(), "text/csv; charset=UTF-8")
        .header(
            "Content-Disposition",
            "attachment; filename=\"mailferry-report-"
                + report.email().replaceAll("[^A-Za-z0-9@._-]", "_")
                + ".csv\"")
        .build();
  }
}
