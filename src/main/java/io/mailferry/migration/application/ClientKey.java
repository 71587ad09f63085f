package io.mailferry.migration.application;

import io.mailferry.config.TrustedProxies;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a client is rate limited under: an IPv4 address as it is, an IPv6 address by its /64
 * network (one subscriber usually holds a whole /64, and could otherwise pick a new address for
 * each attempt).
 */
public final class ClientKey {

  private ClientKey() {}

  public static String of(String address) {
    byte[] bytes = TrustedProxies.literal(address);
    if (bytes == null) {
      return address == null || address.isBlank() ? "unknown" : address;
    }
    try {
      if (bytes.length == 4) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      byte[] network = Arrays.copyOf(bytes, 16);
      Arrays.fill(network, 8, 16, (byte) 0);
      String text = InetAddress.getByAddress(network).getHostAddress();
      return text.replaceAll("(:0){4}$", "::") + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
