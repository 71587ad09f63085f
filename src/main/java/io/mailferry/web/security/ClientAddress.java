package io.mailferry.web.security;

import io.mailferry.config.TrustedProxies;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request comes from, for rate limits and logs. {@code X-Forwarded-For} is read only when the
 * connection comes from a trusted proxy, from the right: the first address that is not a trusted
 * proxy is the client (whatever the client itself put further left is ignored).
 */
public final class ClientAddress {

  private ClientAddress() {}

  /**
   * @param peer the address the connection came from ({@code getRemoteAddr()})
   * @param forwardedFor every {@code X-Forwarded-For} header, in order
   */
  public static String resolve(String peer, List<String> forwardedFor, TrustedProxies trusted) {
    if (!trusted.contains(peer)) {
      return peer;
    }
    List<String> hops =
        forwardedFor.stream()
            .flatMap(header -> Arrays.stream(header.split(",")))
            .map(String::trim)
            .toList();
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (TrustedProxies.literal(hop) == null) {
        // garbage in the chain: nothing left of it can be believed
        return client;
      }
      client = hop;
      if (!trusted.contains(hop)) {
        return hop;
      }
    }
    return client;
  }
}
