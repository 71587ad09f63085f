package io.mailferry.destination.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  @Test
  void sha512CryptMatchesTheGlibcReferenceVector() {
    // Ulrich Drepper, "Unix crypt using SHA-256 and SHA-512", test vector 1 (also openssl passwd
    // -6)
    assertThat(PasswordHashes.hash("SHA512-CRYPT", "Hello world!", "saltstring"))
        .isEqualTo(
            "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1");
  }

  @Test
  void sha512CryptHashesUtf8PasswordsAsOpensslDoes() {
    // openssl passwd -6 -salt mailferry 'Grüße:pw'
    assertThat(PasswordHashes.hash("{sha512-crypt}", "Grüße:pw", "mailferry"))
        .isEqualTo(
            "{SHA512-CRYPT}$6$mailferry$M/SEA4NwK9eN6u08/gQXU5y0j5nUzIgK/in29TfiYHcpWeIAkvHOyyHeDSyVwj6Sd0v9XMmfz8ar9hENsgymY.");
  }

  @Test
  void eachHashGetsAFreshSaltAndVerifiesAgainstThePassword() {
    String first = PasswordHashes.hash("SHA512-CRYPT", "secret");
    String second = PasswordHashes.hash("SHA512-CRYPT", "secret");

    assertThat(first).isNotEqualTo(second).startsWith("{SHA512-CRYPT}$6$");
    String crypt = first.substring("{SHA512-CRYPT}".length());
    assertThat(Sha2Crypt.sha512Crypt("secret".getBytes(), crypt)).isEqualTo(crypt);
    assertThat(crypt.split("\\$")[2]).hasSize(16);
  }

  @Test
  void unsupportedSchemeIsRefusedByName() {
    assertThatThrownBy(() -> PasswordHashes.hash("BLF-CRYPT", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BLF-CRYPT");
  }
}
