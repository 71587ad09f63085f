package io.mailferry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminPasswordTest {

  /** {@code openssl passwd -6 -salt Zr3YbYk3qUuKrV0m 'correct horse battery'} (OpenSSL 3.0). */
  private static final String OPENSSL_HASH =
      "{SHA512-CRYPT}$6$Zr3YbYk3qUuKrV0m$eSggEln6X7YQPNRLqyStgayhWjWCfBKrjqEGpxmBXn1RWpUgss3uxkELVuG"
          + "prhGYTeqOHeLxQaJpA/jp1RVJq0";

  @Test
  void outsideDemoModeAMissingPasswordIsRefused() {
    assertThatThrownBy(() -> AdminPassword.of(Optional.empty(), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MAILFERRY_ADMIN_PASSWORD");
    assertThatThrownBy(() -> AdminPassword.of(Optional.of("  "), false))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void outsideDemoModeTheDemoPasswordAndShortOnesAreRefused() {
    assertThatThrownBy(() -> AdminPassword.of(Optional.of("admin"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demo");
    assertThatThrownBy(() -> AdminPassword.of(Optional.of("elevenchars"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shorter than 12");
  }

  @Test
  void aPasswordOfTwelveCharactersIsAcceptedAndMatchesOnlyItself() {
    AdminPassword password = AdminPassword.of(Optional.of("twelve-chars"), false);

    assertThat(password.matches("twelve-chars")).isTrue();
    assertThat(password.matches("twelve-chars ")).isFalse();
    assertThat(password.matches(null)).isFalse();
  }

  @Test
  void demoModeWithoutAPasswordUsesAdmin() {
    AdminPassword password = AdminPassword.of(Optional.empty(), true);

    assertThat(password.matches("admin")).isTrue();
    assertThat(password.matches("other")).isFalse();
  }

  @Test
  void aSha512CryptHashFromOpensslIsCheckedWithItsSalt() {
    AdminPassword password = AdminPassword.of(Optional.of(OPENSSL_HASH), false);

    assertThat(password.matches("correct horse battery")).isTrue();
    assertThat(password.matches("correct horse batter")).isFalse();
    assertThat(password.matches(OPENSSL_HASH)).isFalse();
  }

  @Test
  void aMalformedHashOrAnUnknownSchemeIsRefused() {
    assertThatThrownBy(() -> AdminPassword.of(Optional.of("{SHA512-CRYPT}$6$salt$short"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("openssl passwd -6");
    assertThatThrownBy(() -> AdminPassword.of(Optional.of("{MD5}0123456789abcdef"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{MD5}");
  }
}
