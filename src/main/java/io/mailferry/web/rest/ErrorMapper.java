package io.mailferry.web.rest;

import io.mailferry.destination.provisioning.ProvisioningException;
import io.mailferry.migration.application.NotFoundException;
import io.mailferry.migration.application.ServiceFailures;
import io.mailferry.migration.application.SourceLoginException;
import io.mailferry.migration.application.TooManyAttemptsException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns failures into JSON bodies with a message a person can act on. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

  @Override
  public Response toResponse(Throwable failure) {
    Throwable cause = ServiceFailures.cause(failure);
    int status;
    String message = cause.getMessage();
    if (cause instanceof WebApplicationException web) {
      status = web.getResponse().getStatus();
    } else if (cause instanceof NotFoundException) {
      status = 404;
    } else if (cause instanceof SourceLoginException login) {
      status =
          switch (login.reason()) {
            case UNKNOWN_DOMAIN -> 404;
            case AUTO_MIGRATION_DISABLED -> 403;
            case WRONG_PASSWORD -> 401;
            case SOURCE_UNAVAILABLE -> 502;
          };
    } else if (cause instanceof TooManyAttemptsException tooMany) {
      return Response.status(429)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .header("Retry-After", Math.max(1, tooMany.retryAfter().toSeconds()))
          .entity(new ErrorBody(429, message))
          .build();
    } else if (cause instanceof io.mailferry.restore.archive.RefusedArchiveException) {
      status = 422;
    } else if (cause instanceof io.mailferry.restore.application.UploadTooLargeException) {
      status = 413;
    } else if (cause instanceof ProvisioningException) {
      status = 503;
    } else if (cause instanceof IllegalArgumentException || cause instanceof JsonbException) {
      status = 400;
    } else if (cause instanceof IllegalStateException) {
      status = 409;
    } else {
      status = 500;
      LOG.log(Level.SEVERE, "Unexpected failure in the API", failure);
      message = "Mailferry failed unexpectedly; the server log has the details";
    }
    if (message == null || message.isBlank()) {
      message =
          Response.Status.fromStatusCode(status) == null
              ? "error " + status
              : Response.Status.fromStatusCode(status).getReasonPhrase();
    }
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(status, message))
        .build();
  }
}
