package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientKeyTest {

  @Test
  void anIpv4ClientIsLimitedByItsAddress() {
    assertThat(ClientKey.of("203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void everyAddressOfOneIpv6Slash64SharesOneKey() {
    assertThat(ClientKey.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
        .isEqualTo(ClientKey.of("2001:db8:1:2::1"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientKey.of("2001:db8:1:3::1")).isNotEqualTo(ClientKey.of("2001:db8:1:2::1"));
  }

  @Test
  void anIpv4MappedAddressIsItsIpv4Address() {
    assertThat(ClientKey.of("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
  }
}
