package io.mailferry.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.migration.domain.Fingerprint;
import org.junit.jupiter.api.Test;

class MessageKeyTest {

  @Test
  void aUidlNamesTheMessage() {
    assertThat(MessageKey.ofUidl("00000001589a1c2f").value()).isEqualTo("uidl:00000001589a1c2f");
    assertThat(MessageKey.ofUidl("x").isUidl()).isTrue();
  }

  @Test
  void aUidlOutsideRfc1939IsRefusedWithTheReason() {
    assertThatThrownBy(() -> MessageKey.ofUidl("has space")).hasMessageContaining("0x21-0x7E");
    assertThatThrownBy(() -> MessageKey.ofUidl("x".repeat(71)))
        .hasMessageContaining("1 to 70 characters");
    assertThatThrownBy(() -> MessageKey.ofUidl("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identicalMessagesWithoutUidlAreToldApartByTheirOrder() {
    Fingerprint fingerprint = Fingerprint.of("<a@x>", null, null, null, null, null, 10);

    MessageKey first = MessageKey.ofFingerprint(fingerprint, 1);
    MessageKey second = MessageKey.ofFingerprint(fingerprint, 2);

    assertThat(first.value()).isEqualTo("fp:" + fingerprint.value());
    assertThat(second.value()).isEqualTo("fp:" + fingerprint.value() + "#2");
    assertThat(first.isUidl()).isFalse();
  }
}
