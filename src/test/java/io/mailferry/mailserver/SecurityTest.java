package io.mailferry.mailserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityTest {

  @ParameterizedTest
  @CsvSource({"ssl, SSL", "SSL, SSL", "' StartTLS ', STARTTLS", "none, NONE"})
  void parseAcceptsTheNamesInAnyCase(String text, Security expected) {
    assertThat(Security.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "tls", "imaps", "plain"})
  void aBadValueIsRejectedListingTheChoices(String text) {
    assertThatThrownBy(() -> Security.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl, starttls, none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tls"})
  void theRejectionQuotesTheBadValue(String text) {
    assertThatThrownBy(() -> Security.parse(text)).hasMessageContaining("'tls'");
  }
}
