package io.mailferry.web.rest;

import io.mailferry.cluster.ClusterView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The instances on this database: id, host, heartbeat, the mailboxes each copies, and the slots of
 * each source server's ceiling held over all of them.
 */
@Path("cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

  @Inject ClusterView cluster;

  @GET
  public ClusterView.Cluster get() {
    return cluster.now();
  }
}
