package io.mailferry.web.rest;

import io.mailferry.restore.application.RestorationService;
import io.mailferry.restore.application.RestorationView;
import io.mailferry.restore.application.RestoreSettings;
import io.mailferry.restore.application.ServerLogin;
import io.mailferry.restore.application.UploadTooLargeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Data restoration: {@code POST /api/restorations} with a multipart body ({@code email}, {@code
 * password} where the destination has no master user, then {@code file}: an mbox, or a zip/tar(.gz)
 * of mbox files or a Maildir tree) or JSON {@code
 * {"email","from":{"host","port","security","allowPlaintext","login","password"}}} (another server)
 * answers 202 {@code {"id"}}; {@code GET /api/restorations[/{id}]} reports, {@code POST
 * /api/restorations/{id}/restart} queues it again. A multipart POST must carry {@code
 * X-Requested-With} (see {@link NoCrossSiteWrites}).
 */
@Path("restorations")
@Produces(MediaType.APPLICATION_JSON)
public class RestorationsResource {

  /** The JSON body of a server-to-server move. */
  public record MoveRequest(String email, String password, ServerLogin from) {}

  @Inject RestorationService restorations;
  @Inject RestoreSettings settings;

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Length") Long length,
      InputStream body)
      throws IOException {
    long limit = settings.maxUploadBytes();
    if (length != null && length > limit + 64 * 1024) {
      throw new UploadTooLargeException(limit);
    }
    String[] email = {null};
    String[] password = {null};
    long[] id = {-1};
    MultipartForm.read(
        body,
        MultipartForm.boundary(contentType),
        (name, fileName, content) -> {
          if (name.equals("email")) {
            email[0] = new String(content.readNBytes(1024), StandardCharsets.UTF_8).trim();
          } else if (name.equals("password")) {
            password[0] = new String(content.readNBytes(1024), StandardCharsets.UTF_8);
          } else if (name.equals("file") && id[0] < 0) {
            if (email[0] == null) {
              throw new IllegalArgumentException("send the email field before the file");
            }
            id[0] = restorations.fromArchive(email[0], password[0], fileName, content);
          }
        });
    if (id[0] < 0) {
      throw new IllegalArgumentException("a multipart restoration needs the fields email and file");
    }
    return Response.status(Response.Status.ACCEPTED).entity(Map.of("id", id[0])).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response move(MoveRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("send {\"email\", \"from\": {...}}");
    }
    long id = restorations.fromServer(request.email(), request.password(), request.from());
    return Response.status(Response.Status.ACCEPTED).entity(Map.of("id", id)).build();
  }

  @GET
  public List<RestorationView> list() {
    return restorations.list();
  }

  @GET
  @Path("{id}")
  public RestorationView get(@PathParam("id") long id) {
    return restorations.find(id);
  }

  @POST
  @Path("{id}/restart")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response restart(@PathParam("id") long id) {
    restorations.restart(id);
    return Response.status(Response.Status.ACCEPTED).entity(Map.of("id", id)).build();
  }
}
