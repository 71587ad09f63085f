package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespacePrefixTest {

  @Test
  void theSeparatorAngusLeavesOffIsAddedBack() {
    assertThat(NamespacePrefix.of("INBOX", '.')).isEqualTo("INBOX.");
  }

  @Test
  void aPrefixThatEndsWithTheSeparatorIsKept() {
    assertThat(NamespacePrefix.of("INBOX.", '.')).isEqualTo("INBOX.");
  }

  @Test
  void anEmptyPrefixStaysEmpty() {
    assertThat(NamespacePrefix.of("", '/')).isEmpty();
    assertThat(NamespacePrefix.of(null, '/')).isEmpty();
  }
}
