package io.mailferry.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The reverse proxies whose {@code X-Forwarded-For} / {@code X-Forwarded-Proto} headers are
 * believed ({@code mailferry.http.trusted-proxies}): IPv4 or IPv6 addresses, or CIDR ranges ({@code
 * 10.0.0.0/8}, {@code fd00::/8}). Literal addresses only: a host name would need a DNS look-up on
 * every request.
 */
public final class TrustedProxies {

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int bits = network.length * 8;
      BigInteger mask =
          BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  public static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  /**
   * @throws IllegalArgumentException naming an entry that is not a literal address or range
   */
  public static TrustedProxies parse(List<String> entries) {
    return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String host = slash < 0 ? entry : entry.substring(0, slash);
    byte[] address = literal(host);
    if (address == null) {
      throw new IllegalArgumentException(
          "mailferry.http.trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
    }
    int prefix;
    try {
      prefix = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException(
          "mailferry.http.trusted-proxies: '" + entry + "' has no valid prefix length");
    }
    return new Range(address, prefix);
  }

  public boolean contains(String address) {
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address comes back as IPv4), or null
   * for anything else. Never a DNS look-up: only digits, dots, colons and hex are passed on.
   */
  public static byte[] literal(String text) {
    if (text == null) {
      return null;
    }
    String host = text.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
