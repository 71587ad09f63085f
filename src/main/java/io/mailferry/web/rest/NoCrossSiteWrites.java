package io.mailferry.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * A request that changes something (POST, PUT, PATCH) must name a content type that a page of
 * another site cannot make a browser send without asking first (a CORS preflight, which Mailferry
 * never grants): not a form ({@code application/x-www-form-urlencoded}, {@code
 * multipart/form-data}), not {@code text/plain}, and not none at all. With this rule the
 * credentials a browser sends by itself (a cached Basic login) cannot change anything from another
 * site. The resources then take JSON ({@code @Consumes}), even without a body: {@code Content-Type:
 * application/json}.
 *
 * <p>One exception: an archive upload ({@code POST /api/restorations}) is multipart, and is let
 * through only with an {@code X-Requested-With} header, which a cross-site page cannot add without
 * the preflight Mailferry never grants.
 */
@Provider
@PreMatching
public class NoCrossSiteWrites implements ContainerRequestFilter {

  private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH");

  /** What an HTML form or a "simple" cross-site request may carry (Fetch standard). */
  private static final Set<String> CROSS_SITE_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!CHANGING.contains(request.getMethod())) {
      return;
    }
    MediaType type = request.getMediaType();
    if (isArchiveUpload(request, type)) {
      return;
    }
    if (type == null
        || CROSS_SITE_TYPES.contains(
            (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT))) {
      request.abortWith(
          Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(
                  new ErrorBody(
                      415,
                      request.getMethod()
                          + " requests take Content-Type: application/json"
                          + " (with an empty body when there is nothing to send)"))
              .build());
    }
  }

  private static boolean isArchiveUpload(ContainerRequestContext request, MediaType type) {
    return type != null
        && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)
        && request.getMethod().equals("POST")
        && request.getUriInfo().getPath().replaceAll("^/+|/+$", "").equals("restorations")
        && request.getHeaderString("X-Requested-With") != null;
  }
}
