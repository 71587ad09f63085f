package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static final Instant RECEIVED = Instant.parse("2024-03-01T09:15:30Z");

  private static Fingerprint withId(String messageId, Instant internalDate, long size) {
    return Fingerprint.of(
        messageId,
        "Fri, 1 Mar 2024 10:15:00 +0100",
        "alice@example.com",
        "bob@example.com",
        "Hello",
        internalDate,
        size);
  }

  private static Fingerprint withoutId(String date, String from, String to, String subject) {
    return Fingerprint.of(null, date, from, to, subject, RECEIVED, 2048);
  }

  @Test
  void theSameInputsGiveTheSameFingerprint() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048))
        .isEqualTo(withId("<a1@example.com>", RECEIVED, 2048));
  }

  @Test
  void aFingerprintIs64LowercaseHexDigits() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048).value()).matches("[0-9a-f]{64}");
    assertThat(withoutId(null, null, null, null).value()).matches("[0-9a-f]{64}");
  }

  @Test
  void aDifferentSizeGivesADifferentFingerprint() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048))
        .isNotEqualTo(withId("<a1@example.com>", RECEIVED, 2049));
  }

  @Test
  void aDifferentInternalDateGivesADifferentFingerprint() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048))
        .isNotEqualTo(withId("<a1@example.com>", RECEIVED.plusSeconds(1), 2048));
  }

  @Test
  void theInternalDateCountsToTheSecondOnly() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048))
        .isEqualTo(withId("<a1@example.com>", RECEIVED.plusMillis(999), 2048));
  }

  @Test
  void aDifferentMessageIdGivesADifferentFingerprint() {
    assertThat(withId("<a1@example.com>", RECEIVED, 2048))
        .isNotEqualTo(withId("<a2@example.com>", RECEIVED, 2048));
  }

  @Test
  void withAMessageIdTheOtherHeadersDoNotMatter() {
    Fingerprint one = Fingerprint.of("<a1@example.com>", "d1", "f1", "t1", "s1", RECEIVED, 2048);
    Fingerprint other = Fingerprint.of("<a1@example.com>", "d2", "f2", "t2", "s2", RECEIVED, 2048);

    assertThat(one).isEqualTo(other);
  }

  @Test
  void withoutAMessageIdTheHeadersAreHashed() {
    Fingerprint hello = withoutId("Fri, 1 Mar 2024", "alice@example.com", "bob@example.com", "Hi");

    assertThat(hello)
        .isEqualTo(withoutId("Fri, 1 Mar 2024", "alice@example.com", "bob@example.com", "Hi"));
    assertThat(hello)
        .isNotEqualTo(withoutId("Fri, 1 Mar 2024", "alice@example.com", "bob@example.com", "Bye"))
        .isNotEqualTo(withoutId("Sat, 2 Mar 2024", "alice@example.com", "bob@example.com", "Hi"))
        .isNotEqualTo(withoutId("Fri, 1 Mar 2024", "carol@example.com", "bob@example.com", "Hi"))
        .isNotEqualTo(withoutId("Fri, 1 Mar 2024", "alice@example.com", "dave@example.com", "Hi"));
  }

  @Test
  void aBlankMessageIdCountsAsNone() {
    assertThat(Fingerprint.of("  ", "d", "f", "t", "s", RECEIVED, 10))
        .isEqualTo(Fingerprint.of(null, "d", "f", "t", "s", RECEIVED, 10));
  }

  @Test
  void whitespaceAndCaseInHeadersDoNotMatter() {
    assertThat(withId(" <A1@Example.COM>\t", RECEIVED, 2048))
        .isEqualTo(withId("<a1@example.com>", RECEIVED, 2048));
    assertThat(
            withoutId(
                "Fri, 1 Mar 2024",
                "Alice <alice@example.com>",
                "bob@example.com",
                "Quarterly\r\n  report"))
        .isEqualTo(
            withoutId(
                "Fri,  1 Mar 2024",
                "alice <ALICE@example.com>",
                "bob@example.com",
                "quarterly report"));
  }

  @Test
  void aFingerprintMustHave64Digits() {
    assertThatThrownBy(() -> new Fingerprint("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Fingerprint(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
