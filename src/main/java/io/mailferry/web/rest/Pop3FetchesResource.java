package io.mailferry.web.rest;

import io.mailferry.fetch.application.Pop3FetchRequest;
import io.mailferry.fetch.application.Pop3FetchView;
import io.mailferry.fetch.application.Pop3Fetches;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The POP3 fetch tool: {@code POST /api/pop3-fetches} stores and queues a fetch (202 {"id"});
 * {@code GET /api/pop3-fetches[/{id}]}; {@code POST /{id}/run} runs it again now; {@code PUT
 * /{id}/repeat} {"repeatMinutes": N or null}; {@code DELETE /{id}}.
 */
@Path("pop3-fetches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class Pop3FetchesResource {

  /** The body of {@code PUT /{id}/repeat}. */
  public record Repeat(Integer repeatMinutes) {}

  @Inject Pop3Fetches fetches;

  @POST
  public Response create(Pop3FetchRequest request) {
    Pop3FetchView created = fetches.create(request);
    return Response.status(Response.Status.ACCEPTED).entity(Map.of("id", created.id())).build();
  }

  @GET
  public List<Pop3FetchView> list() {
    return fetches.list();
  }

  @GET
  @Path("{id}")
  public Pop3FetchView get(@PathParam("id") long id) {
    return fetches.find(id);
  }

  @POST
  @Path("{id}/run")
  public Response run(@PathParam("id") long id) {
    return Response.status(Response.Status.ACCEPTED).entity(fetches.runNow(id)).build();
  }

  @PUT
  @Path("{id}/repeat")
  public Pop3FetchView repeat(@PathParam("id") long id, Repeat repeat) {
    return fetches.repeat(id, repeat == null ? null : repeat.repeatMinutes());
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    fetches.delete(id);
    return Response.noContent().build();
  }
}
