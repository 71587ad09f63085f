package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 4_294_967_295L})
  void aUidIsBetweenOneAndTheLargestUnsigned32BitNumber(long value) {
    assertThat(Uid.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 4_294_967_296L})
  void aUidOutsideTheUnsigned32BitRangeIsRejected(long value) {
    assertThatThrownBy(() -> Uid.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Long.toString(value));
  }

  @Test
  void uidsSortByValue() {
    assertThat(List.of(Uid.of(10), Uid.of(2), Uid.of(4_000_000_000L)).stream().sorted())
        .containsExactly(Uid.of(2), Uid.of(10), Uid.of(4_000_000_000L));
  }

  @Test
  void aUidPrintsAsItsNumber() {
    assertThat(Uid.of(42)).hasToString("42");
  }
}
