package io.mailferry.web.rest;

import io.mailferry.migration.application.DomainService;
import io.mailferry.migration.application.DomainSettings;
import io.mailferry.migration.application.NotFoundException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Source server settings per mail domain. A new source host needs {@code ?confirmHostChange=true}
 * (409 without): it wipes the stored source passwords of the domain's mailboxes.
 */
@Path("domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainsResource {

  @Inject DomainService domains;

  @GET
  public List<DomainSettings> list() {
    return domains.list();
  }

  @GET
  @Path("{domain}")
  public DomainSettings get(@PathParam("domain") String domain) {
    return domains.find(domain).orElseThrow(() -> new NotFoundException("no domain " + domain));
  }

  @PUT
  @Path("{domain}")
  public DomainSettings put(
      @PathParam("domain") String domain,
      @QueryParam("confirmHostChange") boolean confirmHostChange,
      DomainSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("a JSON body with the source server settings is required");
    }
    return domains.save(domain, settings, confirmHostChange);
  }

  @DELETE
  @Path("{domain}")
  public Response delete(@PathParam("domain") String domain) {
    domains.delete(domain);
    return Response.noContent().build();
  }
}
