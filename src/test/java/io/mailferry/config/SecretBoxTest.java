package io.mailferry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  @Test
  void whatIsEncryptedDecryptsToTheSameText() {
    SecretBox box = new SecretBox("key");

    assertThat(box.decrypt(box.encrypt("s3cret pässwörd 🔑"))).isEqualTo("s3cret pässwörd 🔑");
  }

  @Test
  void anotherBoxWithTheSameKeyCanDecrypt() {
    String sealed = new SecretBox("key").encrypt("hunter2");

    assertThat(new SecretBox("key").decrypt(sealed)).isEqualTo("hunter2");
  }

  @Test
  void theCiphertextDoesNotContainThePassword() {
    String sealed = new SecretBox("key").encrypt("hunter2");

    assertThat(sealed).doesNotContain("hunter2");
    assertThat(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1))
        .doesNotContain("hunter2");
  }

  @Test
  void eachEncryptionUsesAFreshNonce() {
    SecretBox box = new SecretBox("key");

    byte[] first = Base64.getDecoder().decode(box.encrypt("hunter2"));
    byte[] second = Base64.getDecoder().decode(box.encrypt("hunter2"));

    assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aWrongKeyIsRejectedPointingAtTheSecretKeySetting() {
    String sealed = new SecretBox("key").encrypt("hunter2");

    assertThatThrownBy(() -> new SecretBox("another key").decrypt(sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mailferry.secret-key");
  }

  @Test
  void tamperedCiphertextIsRejected() {
    SecretBox box = new SecretBox("key");
    byte[] sealed = Base64.getDecoder().decode(box.encrypt("hunter2"));
    sealed[sealed.length - 5] ^= 0x01;
    String tampered = Base64.getEncoder().encodeToString(sealed);

    assertThatThrownBy(() -> box.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void textThatIsNotBase64OrTooShortIsRejected() {
    SecretBox box = new SecretBox("key");

    assertThatThrownBy(() -> box.decrypt("not base64 %%%"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> box.decrypt("AAAA")).isInstanceOf(IllegalStateException.class);
  }
}
