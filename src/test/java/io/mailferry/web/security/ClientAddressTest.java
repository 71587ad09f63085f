package io.mailferry.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.config.TrustedProxies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));

  @Test
  void withoutATrustedProxyTheConnectionsAddressIsTheClient() {
    assertThat(ClientAddress.resolve("203.0.113.9", List.of("198.51.100.1"), PROXIES))
        .isEqualTo("203.0.113.9");
    assertThat(ClientAddress.resolve("10.1.2.3", List.of("198.51.100.1"), TrustedProxies.none()))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("198.51.100.1"), PROXIES))
        .isEqualTo("198.51.100.1");
    assertThat(
            ClientAddress.resolve("10.0.0.5", List.of("1.2.3.4, 203.0.113.9", "10.0.0.7"), PROXIES))
        .as("what the client itself wrote left of its address is ignored")
        .isEqualTo("203.0.113.9");
    assertThat(ClientAddress.resolve("::1", List.of("2001:db8::1"), PROXIES))
        .isEqualTo("2001:db8::1");
  }

  @Test
  void aTrustedProxyWithoutTheHeaderOrWithGarbageIsItsOwnClient() {
    assertThat(ClientAddress.resolve("10.0.0.5", List.of(), PROXIES)).isEqualTo("10.0.0.5");
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("unknown"), PROXIES))
        .isEqualTo("10.0.0.5");
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("evil.example, 10.0.0.6"), PROXIES))
        .isEqualTo("10.0.0.6");
  }

  @Test
  void onlyLiteralAddressesAreTrusted() {
    TrustedProxies proxies = TrustedProxies.parse(List.of("192.168.1.0/24"));

    assertThat(proxies.contains("192.168.1.77")).isTrue();
    assertThat(proxies.contains("192.168.2.1")).isFalse();
    assertThat(proxies.contains("localhost")).isFalse();
    assertThat(proxies.contains("::ffff:192.168.1.77")).isTrue();
  }
}
