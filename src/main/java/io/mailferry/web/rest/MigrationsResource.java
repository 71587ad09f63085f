package io.mailferry.web.rest;

import io.mailferry.migration.application.AdminQueue;
import io.mailferry.migration.application.CompletenessReport;
import io.mailferry.migration.application.CompletenessReports;
import io.mailferry.migration.application.MailboxActions;
import io.mailferry.migration.application.MailboxFilter;
import io.mailferry.migration.application.MailboxQueries;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.timing.MailboxPhases;
import io.mailferry.migration.application.timing.PhaseTimes;
import io.mailferry.web.security.Inputs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Queue mailboxes, list them (paged, sorted and filtered in the database, the number of matches in
 * {@code X-Total-Count}), follow them, resync, pause, resume, cancel and delete them.
 */
@Path("migrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MigrationsResource {

  /** A mailbox to migrate; sourceLogin only when the source login is not the address. */
  public record QueueRequest(String email, String password, String sourceLogin) {}

  /** Mailboxes to resync at once. */
  public record ResyncRequest(List<String> emails) {}

  @Inject MigrationService migrations;
  @Inject CompletenessReports reports;
  @Inject AdminQueue queue;
  @Inject MailboxQueries queries;
  @Inject MailboxActions actions;
  @Inject MailboxPhases phases;

  @POST
  public Response queue(QueueRequest request) {
    if (request == null || request.email() == null || request.email().isBlank()) {
      throw new IllegalArgumentException("email and password are required");
    }
    Inputs.printable(request.email(), "address");
    Inputs.printable(request.sourceLogin(), "source login");
    MigrationView view = queue.queue(request.email(), request.password(), request.sourceLogin());
    return Response.status(Response.Status.ACCEPTED).entity(view).build();
  }

  @GET
  public Response list(
      @QueryParam("first") Integer first,
      @QueryParam("max") Integer max,
      @QueryParam("address") String address,
      @QueryParam("domain") String domain,
      @QueryParam("status") String status,
      @QueryParam("sort") String sort,
      @QueryParam("order") String order) {
    MailboxFilter filter =
        new MailboxFilter(address, domain, status, sort, !"asc".equalsIgnoreCase(order));
    List<MigrationView> page =
        queries.page(
            filter,
            first == null ? 0 : Math.max(0, first),
            max == null ? 500 : Math.max(1, Math.min(max, 10_000)));
    return Response.ok(page).header("X-Total-Count", queries.count(filter)).build();
  }

  @GET
  @Path("{email}")
  public MigrationView status(@PathParam("email") String email) {
    return migrations.status(Inputs.printable(email, "address"));
  }

  /**
   * Where the mailbox's latest copy on this instance spent its time, by phase and by server; 404
   * when this instance has not copied it since it started.
   */
  @GET
  @Path("{email}/phases")
  public PhaseTimes.Report phases(@PathParam("email") String email) {
    return phases
        .of(Inputs.printable(email, "address"))
        .orElseThrow(
            () ->
                new io.mailferry.migration.application.NotFoundException(
                    "this instance has no phase times of " + email));
  }

  @POST
  @Path("{email}/resync")
  public Response resync(@PathParam("email") String email) {
    return Response.status(Response.Status.ACCEPTED)
        .entity(migrations.resync(Inputs.printable(email, "address")))
        .build();
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

  /** Resyncs many; each answers for itself: {"results": [{"email","queued","message"}]}. */
  @POST
  @Path("resync")
  public Response resyncAll(ResyncRequest request) {
    if (request == null || request.emails() == null || request.emails().isEmpty()) {
      throw new IllegalArgumentException("emails is required: the addresses to resync");
    }
    return Response.ok(Map.of("results", actions.resyncAll(request.emails()))).build();
  }

  @POST
  @Path("{email}/pause")
  public MigrationView pause(@PathParam("email") String email) {
    return actions.pause(email);
  }

  @POST
  @Path("{email}/resume")
  public MigrationView resume(@PathParam("email") String email) {
    return actions.resume(email);
  }

  @POST
  @Path("{email}/cancel")
  public MigrationView cancel(@PathParam("email") String email) {
    return actions.cancel(email);
  }

  @DELETE
  @Path("{email}")
  public Response delete(@PathParam("email") String email) {
    actions.delete(email);
    return Response.noContent().build();
  }
}
