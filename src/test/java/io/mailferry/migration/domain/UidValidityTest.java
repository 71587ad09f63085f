package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidValidityTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 1_795_976_563L, 4_294_967_295L})
  void aUidValidityIsANonZeroUnsigned32BitNumber(long value) {
    assertThat(UidValidity.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -7, 4_294_967_296L})
  void aUidValidityOutsideTheUnsigned32BitRangeIsRejected(long value) {
    assertThatThrownBy(() -> UidValidity.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UIDVALIDITY");
  }

  @Test
  void equalValuesAreEqualUidValidities() {
    assertThat(UidValidity.of(1_795_976_563L)).isEqualTo(UidValidity.of(1_795_976_563L));
    assertThat(UidValidity.of(7)).hasToString("7");
  }

  @Test
  void aFolderIsAnotherFolderOnlyWhenItWasReadBeforeUnderAnotherValue() {
    assertThat(UidValidity.of(7).differsFrom(null)).isFalse();
    assertThat(UidValidity.of(7).differsFrom(7L)).isFalse();
    assertThat(UidValidity.of(7).differsFrom(8L)).isTrue();
  }
}
