package io.mailferry.web.rest;

import io.mailferry.ops.check.CheckReport;
import io.mailferry.ops.check.ConnectionCheck;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/domains/{domain}/check} with an optional {@code {"login","password"}}: the
 * domain's source server and the destination as a migration would reach them.
 */
@Path("domains/{domain}/check")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainCheckResource {

  /** A login to look into one mailbox with; both optional. */
  public record CheckRequest(String login, String password) {}

  @Inject ConnectionCheck check;

  @POST
  public CheckReport check(@PathParam("domain") String domain, CheckRequest request) {
    return request == null
        ? check.check(domain, null, null)
        : check.check(domain, request.login(), request.password());
  }
}
