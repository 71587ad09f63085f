package io.mailferry.cluster;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This instance: its id in the cluster and its host. The id is new on every start (the configured
 * name or the host name, and a random suffix): leases of an earlier run of the same server are
 * never mistaken for its own.
 */
@ApplicationScoped
public class ClusterInstance {

  @Inject MailferryConfig config;

  private String id;
  private String host;
  private Instant started;

  public ClusterInstance() {}

  @PostConstruct
  void init() {
    host = hostName();
    String name = config.clusterInstanceId().orElse(host);
    name = name.length() > 40 ? name.substring(0, 40) : name;
    id =
        name
            + "-"
            + HexFormat.of().formatHex(new byte[] {(byte) rnd(), (byte) rnd(), (byte) rnd()});
    started = Instant.now();
  }

  private static int rnd() {
    return ThreadLocalRandom.current().nextInt(256);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public String id() {
    return id;
  }

  public String host() {
    return host;
  }

  public Instant started() {
    return started;
  }
}
