package io.mailferry.web.rest;

import io.mailferry.migration.application.BatchOptions;
import io.mailferry.migration.application.BatchService;
import io.mailferry.migration.application.BatchUpload;
import io.mailferry.migration.application.BatchView;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Batch migration: upload a CSV of mailboxes, follow, stop, restart, download the outcome. */
@Path("batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchesResource {

  /** 422: the lines were checked and none was started. */
  private static final int UNPROCESSABLE = 422;

  @Inject BatchService batches;

  /**
   * @param masterLogin a batch-wide source login ({@code migrator} is {@code %u*migrator})
   * @param startAt ISO-8601 instant to start at (e.g. {@code 2026-12-05T22:00:00Z})
   * @param waveSize mailboxes per wave
   */
  @POST
  @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  public Response upload(
      byte[] csv,
      @QueryParam("masterLogin") String masterLogin,
      @QueryParam("masterPassword") String masterPassword,
      @QueryParam("name") String name,
      @QueryParam("waveSize") Integer waveSize,
      @QueryParam("startAt") String startAt,
      @QueryParam("checkLogins") boolean checkLogins,
      @Context UriInfo uri) {
    BatchUpload upload =
        batches.upload(
            csv,
            new BatchOptions(
                name == null || name.isBlank() ? "uploaded through the API" : name,
                masterLogin,
                masterPassword,
                waveSize,
                instant(startAt),
                checkLogins));
    if (!upload.accepted()) {
      return Response.status(UNPROCESSABLE).entity(body(upload)).build();
    }
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(upload.id())).build())
        .entity(body(upload))
        .build();
  }

  /** The same body for 201 and 422, with {@code "id": null} when nothing was started. */
  private static JsonObject body(BatchUpload upload) {
    JsonArrayBuilder rejected = Json.createArrayBuilder();
    upload
        .rejected()
        .forEach(
            r ->
                rejected.add(
                    Json.createObjectBuilder().add("line", r.line()).add("reason", r.reason())));
    JsonObjectBuilder body = Json.createObjectBuilder();
    if (upload.id() == null) {
      body.addNull("id");
    } else {
      body.add("id", upload.id());
    }
    return body.add("mailboxes", upload.mailboxes()).add("rejected", rejected).build();
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "startAt '" + text + "' is not an ISO-8601 instant such as 2026-12-05T22:00:00Z");
    }
  }

  @GET
  public List<BatchView> list(@QueryParam("max") Integer max) {
    return batches.list(max == null ? 100 : Math.max(1, Math.min(max, 1000)));
  }

  @GET
  @Path("{id}")
  public BatchView view(@PathParam("id") long id) {
    return batches.view(id);
  }

  @GET
  @Path("{id}/report.csv")
  @Produces("text/csv")
  public Response report(@PathParam("id") long id) {
    return Response.ok(batches.report(id), "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"batch-" + id + "-report.csv\"")
        .build();
  }

  @POST
  @Path("{id}/stop")
  public Response stop(@PathParam("id") long id) {
    return Response.status(Response.Status.ACCEPTED).entity(batches.stop(id)).build();
  }

  @POST
  @Path("{id}/restart")
  public Response restart(@PathParam("id") long id) {
    return Response.status(Response.Status.ACCEPTED).entity(batches.restart(id)).build();
  }

  /** Queues the batch's failed mailboxes again. */
  @POST
  @Path("{id}/resync")
  public Response resyncFailed(@PathParam("id") long id) {
    return Response.status(Response.Status.ACCEPTED).entity(batches.resyncFailed(id)).build();
  }
}
