package io.mailferry.web.rest;

import io.mailferry.migration.application.JobDetail;
import io.mailferry.migration.application.JobPage;
import io.mailferry.migration.application.JobService;
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
import java.util.Map;

/**
 * The Jakarta Batch job history, paged by job instance (newest first; every execution of each
 * instance listed, the newest first), with the number of matching instances in {@code
 * X-Total-Count}; an execution's metrics; stop and restart.
 */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobsResource {

  @Inject JobService jobs;

  @GET
  public Response list(
      @QueryParam("first") Integer first,
      @QueryParam("max") Integer max,
      @QueryParam("status") String status,
      @QueryParam("mailbox") String mailbox) {
    JobPage page =
        jobs.page(
            first == null ? 0 : Math.max(0, first),
            max == null ? 100 : Math.max(1, Math.min(max, 1000)),
            status,
            mailbox);
    return Response.ok(page.executions()).header("X-Total-Count", page.total()).build();
  }

  @GET
  @Path("{executionId}")
  public JobDetail detail(@PathParam("executionId") long executionId) {
    return jobs.detail(executionId);
  }

  @POST
  @Path("{executionId}/stop")
  public Response stop(@PathParam("executionId") long executionId) {
    int mailboxes = jobs.stop(executionId);
    return Response.status(Response.Status.ACCEPTED)
        .entity(Map.of("executionId", executionId, "mailboxesStopped", mailboxes))
        .build();
  }

  @POST
  @Path("{executionId}/restart")
  public Response restart(@PathParam("executionId") long executionId) {
    long restarted = jobs.restart(executionId);
    return Response.status(Response.Status.ACCEPTED)
        .entity(Map.of("executionId", restarted, "restartedFrom", executionId))
        .build();
  }
}
