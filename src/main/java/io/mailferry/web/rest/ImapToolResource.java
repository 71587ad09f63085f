package io.mailferry.web.rest;

import io.mailferry.migration.application.NotFoundException;
import io.mailferry.ops.tool.FolderComparison;
import io.mailferry.ops.tool.ImapTool;
import io.mailferry.ops.tool.ToolRequest;
import io.mailferry.ops.tool.ToolRun;
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

/**
 * The single-user IMAP tool: {@code POST /api/tools/imap} starts a compare or a migrate (202
 * {"id"}); {@code GET /api/tools/imap/{id}?after=N} answers its status, folders and the log lines
 * from N on, with {@code next} for the following call; {@code GET /api/tools/imap/{id}/log} the
 * whole log as a text file.
 */
@Path("tools/imap")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImapToolResource {

  /** A run as the API shows it. */
  public record RunView(
      String id,
      String mode,
      String email,
      String status,
      String message,
      List<FolderComparison> folders,
      List<String> log,
      int next) {}

  @Inject ImapTool tool;

  @POST
  public Response start(ToolRequest request) {
    ToolRun run = tool.start(request);
    return Response.status(Response.Status.ACCEPTED).entity(Map.of("id", run.id())).build();
  }

  @GET
  @Path("{id}")
  public RunView get(@PathParam("id") String id, @QueryParam("after") Integer after) {
    ToolRun run = tool.find(id).orElseThrow(() -> new NotFoundException("no tool run " + id));
    int from = after == null ? 0 : Math.max(0, after);
    List<String> lines = run.log(from);
    return new RunView(
        run.id(),
        run.mode(),
        run.email(),
        run.status().name(),
        run.message(),
        run.folders(),
        lines,
        Math.max(from, run.lineCount()));
  }

  /** The whole log as a text file, as the page's download gives it. */
  @GET
  @Path("{id}/log")
  @Produces("text/plain; charset=UTF-8")
  public Response log(@PathParam("id") String id) {
    ToolRun run = tool.find(id).orElseThrow(() -> new NotFoundException("no tool run " + id));
    return Response.ok(String.join("\n", run.log(0)) + "\n")
        .header("Content-Disposition", "attachment; filename=\"" + run.fileName() + "\"")
        .build();
  }
}
