package io.mailferry.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts source passwords with AES-256-GCM under the key from {@code mailferry.secret-key}.
 * Stored form: base64(12-byte nonce || ciphertext || tag).
 */
@ApplicationScoped
public class SecretBox {

  private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretKey key;

  @Inject MailferryConfig config;

  protected SecretBox() {}

  public SecretBox(String secret) {
    this.key = deriveKey(secret);
  }

  private synchronized SecretKey key() {
    if (key == null) {
      key =
          config
              .secretKey()
              .map(SecretBox::deriveKey)
              .orElseGet(
                  () -> {
                    LOG.warning(
                        "mailferry.secret-key is not set: stored source passwords use a key that"
                            + " lives only until this server stops; set it in production");
                    byte[] random = new byte[32];
                    RANDOM.nextBytes(random);
                    return new SecretKeySpec(random, "AES");
                  });
    }
    return key;
  }

  /** Any secret text works; a SHA-256 of it makes the 256-bit AES key. */
  static SecretKey deriveKey(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(digest, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String encrypt(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalStateException when the text was sealed under another key or was altered
   */
  public String decrypt(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the stored source password cannot be decrypted (was mailferry.secret-key changed?)", e);
    }
  }
}
