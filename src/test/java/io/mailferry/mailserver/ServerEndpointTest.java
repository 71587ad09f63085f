package io.mailferry.mailserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerEndpointTest {

  @Test
  void anEncryptedEndpointNeedsNoPermission() {
    ServerEndpoint endpoint =
        new ServerEndpoint("imap.example.com", 993, Security.SSL, false, null);

    assertThat(endpoint.host()).isEqualTo("imap.example.com");
    assertThat(endpoint).hasToString("imap.example.com:993 (ssl)");
  }

  @Test
  void plaintextIsRefusedUnlessAllowedWithAClearMessage() {
    assertThatThrownBy(() -> new ServerEndpoint("old.example.com", 143, Security.NONE, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plaintext")
        .hasMessageContaining("old.example.com")
        .hasMessageContaining("ssl or starttls");
  }

  @Test
  void plaintextIsAcceptedWhenTheAdminAllowsIt() {
    ServerEndpoint endpoint = new ServerEndpoint("old.example.com", 143, Security.NONE, true, null);

    assertThat(endpoint.security()).isEqualTo(Security.NONE);
    assertThat(endpoint.allowPlaintext()).isTrue();
  }

  @Test
  void starttlsNeedsNoPermission() {
    assertThat(new ServerEndpoint("old.example.com", 143, Security.STARTTLS, false, null).port())
        .isEqualTo(143);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 143, 993, 65535})
  void portsFromOneTo65535AreAccepted(int port) {
    assertThat(new ServerEndpoint("imap.example.com", port, Security.SSL, false, null).port())
        .isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void portsOutsideTheRangeAreRejected(int port) {
    assertThatThrownBy(
            () -> new ServerEndpoint("imap.example.com", port, Security.SSL, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(port));
  }

  @Test
  void aHostIsRequired() {
    assertThatThrownBy(() -> new ServerEndpoint(" ", 993, Security.SSL, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> new ServerEndpoint(null, 993, Security.SSL, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecurityModeIsRequired() {
    assertThatThrownBy(() -> new ServerEndpoint("imap.example.com", 993, null, false, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("security");
  }
}
