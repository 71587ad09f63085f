package io.mailferry.web.rest;

import io.mailferry.migration.application.JobService;
import io.mailferry.migration.application.JobView;
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
import java.util.Map;

/** Jakarta Batch job history and restarts. */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobsResource {

  @Inject JobService jobs;

  @GET
  public List<JobView> list(@QueryParam("max") Integer max) {
    return jobs.recent(max == null ? 100 : Math.max(1, Math.min(max, 1000)));
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
