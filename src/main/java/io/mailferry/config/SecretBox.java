package io.mailferry.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts source passwords with AES-256-GCM under the key from {@code mailferry.secret-key}.
 *
 * <p>Stored form: {@code v2:<key id>:base64(12-byte nonce || ciphertext || tag)}, where the key id
 * is the first 4 bytes (hex) of a SHA-256 over the key and the associated data {@code
 * mailferry/source-password/v2/<key id>} binds the ciphertext to its purpose and key. Values sealed
 * before key ids existed ({@code base64(nonce || ciphertext || tag)}, no associated data) still
 * decrypt. Rotation: set the new key as {@code mailferry.secret-key} and list the old ones in
 * {@code mailferry.secret-key.previous}; values are found by their key id, and sealed again under
 * the new key when a user signs up again.
 */
@ApplicationScoped
public class SecretBox {

  private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String VERSION = "v2";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key and its id; the first of a list is the current one. */
  private record Key(String id, SecretKey key) {
    static Key of(String secret) {
      SecretKey key = deriveKey(secret);
      byte[] id = sha256(("mailferry-key-id:" + secret).getBytes(StandardCharsets.UTF_8));
      return new Key(HexFormat.of().formatHex(id, 0, 4), key);
    }

    byte[] associatedData() {
      return ("mailferry/source-password/" + VERSION + "/" + id).getBytes(StandardCharsets.UTF_8);
    }
  }

  private List<Key> keys;

  @Inject MailferryConfig config;

  protected SecretBox() {}

  public SecretBox(String secret, String... previous) {
    this.keys = keys(secret, List.of(previous));
  }

  private static List<Key> keys(String current, List<String> previous) {
    List<Key> all = new ArrayList<>();
    all.add(Key.of(current));
    previous.forEach(secret -> all.add(Key.of(secret)));
    return List.copyOf(all);
  }

  private synchronized List<Key> keys() {
    if (keys == null) {
      String secret =
          config
              .secretKey()
              .orElseGet(
                  () -> {
                    if (!config.demo()) {
                      throw new IllegalStateException(
                          "mailferry.secret-key (MAILFERRY_SECRET_KEY) is not set: it is required"
                              + " outside demo mode");
                    }
                    LOG.warning(
                        "mailferry.secret-key is not set: in demo mode stored source passwords use"
                            + " a key that lives only until this server stops");
                    byte[] random = new byte[32];
                    RANDOM.nextBytes(random);
                    return Base64.getEncoder().encodeToString(random);
                  });
      keys = keys(secret, config.previousSecretKeys());
    }
    return keys;
  }

  /** Any secret text works; a SHA-256 of it makes the 256-bit AES key. */
  static SecretKey deriveKey(String secret) {
    return new SecretKeySpec(sha256(secret.getBytes(StandardCharsets.UTF_8)), "AES");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of the key new values are sealed under (not secret: it names the key). */
  public String currentKeyId() {
    return keys().get(0).id();
  }

  public String encrypt(String plaintext) {
    Key key = keys().get(0);
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(key.associatedData());
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      String body =
          Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
      return VERSION + ":" + key.id() + ":" + body;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalStateException when the text was sealed under a key that is not configured
   *     (current or previous) or was altered
   */
  public String decrypt(String sealed) {
    if (sealed.startsWith(VERSION + ":")) {
      String[] parts = sealed.split(":", 3);
      Key key =
          parts.length < 3
              ? null
              : keys().stream().filter(k -> k.id().equals(parts[1])).findFirst().orElse(null);
      if (key == null) {
        throw new IllegalStateException(
            "the stored source password was sealed under key id "
                + (parts.length < 3 ? "?" : parts[1])
                + ", which is neither mailferry.secret-key nor in mailferry.secret-key.previous");
      }
      return open(parts[2], key.key(), key.associatedData());
    }
    // sealed before key ids: no associated data, under whichever key was configured then
    IllegalStateException last = null;
    for (Key key : keys()) {
      try {
        return open(sealed, key.key(), null);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private static String open(String body, SecretKey key, byte[] associatedData) {
    try {
      byte[] all = Base64.getDecoder().decode(body);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      if (associatedData != null) {
        cipher.updateAAD(associatedData);
      }
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the stored source password cannot be decrypted (was mailferry.secret-key changed"
              + " without listing the old key in mailferry.secret-key.previous?)",
          e);
    }
  }
}
