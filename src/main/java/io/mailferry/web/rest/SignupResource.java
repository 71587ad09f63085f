package io.mailferry.web.rest;

import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.SignupService;
import io.mailferry.web.security.ClientAddresses;
import io.mailferry.web.security.Inputs;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Auto-migration for users, public (no admin login), with the same rules and rate limits as the
 * sign-up page. {@code POST /api/signup} {@code {"email","password"}} answers 202 with the
 * migration; {@code GET /api/signup/status} takes the same address and password as HTTP Basic
 * ({@code email:password}), {@code POST /api/signup/status} as the JSON body.
 */
@Path("signup")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SignupResource {

  /** The address and the password the user has today. */
  public record Credentials(String email, String password) {}

  @Inject SignupService signups;
  @Inject ClientAddresses clients;
  @Context HttpServletRequest request;

  @POST
  public Response signUp(Credentials credentials) {
    Credentials given = required(credentials);
    MigrationView view = signups.signUp(given.email(), given.password(), clients.of(request));
    return Response.status(Response.Status.ACCEPTED).entity(view).build();
  }

  @GET
  @Path("status")
  public MigrationView status(@HeaderParam("Authorization") String authorization) {
    Credentials given = required(basic(authorization));
    return signups.status(given.email(), given.password(), clients.of(request));
  }

  @POST
  @Path("status")
  public MigrationView statusFromBody(Credentials credentials) {
    Credentials given = required(credentials);
    return signups.status(given.email(), given.password(), clients.of(request));
  }

  private static Credentials required(Credentials credentials) {
    if (credentials == null
        || credentials.email() == null
        || credentials.email().isBlank()
        || credentials.password() == null
        || credentials.password().isEmpty()) {
      throw new IllegalArgumentException("email and password are required");
    }
    Inputs.printable(credentials.email(), "address");
    return credentials;
  }

  private static Credentials basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String text =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon < 0
          ? null
          : new Credentials(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
