package io.mailferry.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Every request that changes something (POST, PUT, PATCH) must say {@code Content-Type:
 * application/json}, even without a body. A page of another site can make a browser send a
 * form, {@code text/plain} or no body at all without asking (no CORS preflight), but never JSON:
 * with this rule, credentials a browser sends by itself (a cached Basic login) cannot be used
 * to change anything from another site.
 */
@Provider
@PreMatching
public class JsonRequestsOnly implements ContainerRequestFilter {

  private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!CHANGING.contains(request.getMethod())) {
      return;
    }
    MediaType type = request.getMediaType();
    boolean json =
        type != null
            && type.getType().equalsIgnoreCase("application")
            && (type.getSubtype().equalsIgnoreCase("json")
                || type.getSubtype().toLowerCase().endsWith("+json"));
    if (!json) {
      request.abortWith(
          Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(
                  new ErrorBody(
                      415,
                      request.getMethod() + " requests take Content-Type: application/json"
                          + " (with an empty body when there is nothing to send)"))
              .build());
    }
  }
}
