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
    assertThat(new String(body(sealed), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
  }

  @Test
  void eachEncryptionUsesAFreshNonce() {
    SecretBox box = new SecretBox("key");

    byte[] first = body(box.encrypt("hunter2"));
    byte[] second = body(box.encrypt("hunter2"));

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
    String original = box.encrypt("hunter2");
    byte[] sealed = body(original);
    sealed[sealed.length - 5] ^= 0x01;
    String tampered =
        original.substring(0, original.lastIndexOf(':') + 1)
            + Base64.getEncoder().encodeToString(sealed);

    assertThatThrownBy(() -> box.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void textThatIsNotBase64OrTooShortIsRejected() {
    SecretBox box = new SecretBox("key");

    assertThatThrownBy(() -> box.decrypt("not base64 %%%"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> box.decrypt("AAAA")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSealedValueNamesItsKeyById() {
    SecretBox box = new SecretBox("key");

    assertThat(box.encrypt("hunter2")).startsWith("v2:" + box.currentKeyId() + ":");
    assertThat(box.currentKeyId()).hasSize(8).isNotEqualTo(new SecretBox("other").currentKeyId());
  }

  @Test
  void aValueSealedByThePreviousVersionStillDecrypts() {
    // written by SecretBox before key ids and associated data, under the key "legacy-key"
    String legacy = "/e3RlatpXk2D41KSiKcvlsFF4OD7USMXyvk6HuM/7kBueKeBM3dL3HXqkA==";

    assertThat(new SecretBox("legacy-key").decrypt(legacy)).isEqualTo("old-Pässword 1");
    assertThat(new SecretBox("new-key", "legacy-key").decrypt(legacy)).isEqualTo("old-Pässword 1");
  }

  @Test
  void afterARotationValuesOfThePreviousKeyDecryptAndNewOnesUseTheNewKey() {
    String old = new SecretBox("2025-key").encrypt("hunter2");
    SecretBox rotated = new SecretBox("2026-key", "2025-key");

    assertThat(rotated.decrypt(old)).isEqualTo("hunter2");
    assertThat(new SecretBox("2026-key").decrypt(rotated.encrypt("hunter2"))).isEqualTo("hunter2");
    assertThatThrownBy(() -> new SecretBox("2026-key").decrypt(old))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mailferry.secret-key.previous");
  }

  @Test
  void aValueRelabelledWithAnotherKeyIdIsRejected() {
    SecretBox both = new SecretBox("key-a", "key-b");
    String sealed = both.encrypt("hunter2");
    String otherId = new SecretBox("key-b").currentKeyId();
    String relabelled = sealed.replaceFirst("^v2:[0-9a-f]{8}:", "v2:" + otherId + ":");

    assertThatThrownBy(() -> both.decrypt(relabelled)).isInstanceOf(IllegalStateException.class);
  }

  private static byte[] body(String sealed) {
    return Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
  }
}
