package io.mailferry.web.rest;

import io.mailferry.ops.MailboxSlots;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The mailbox slots: the ceiling, the slots held now, and the most ever held at once. */
@Path("slots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SlotsResource {

  /** The slots as the API shows them. */
  public record SlotsView(int capacity, int inUse, int highWaterMark) {}

  @Inject MailboxSlots slots;

  @GET
  public SlotsView get() {
    return new SlotsView(slots.capacity(), slots.inUse(), slots.highWaterMark());
  }

  @POST
  @Path("high-water-mark/reset")
  public Response resetHighWaterMark() {
    slots.resetHighWaterMark();
    return Response.noContent().build();
  }
}
