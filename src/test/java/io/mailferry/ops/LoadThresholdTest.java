package io.mailferry.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadThresholdTest {

  private static final LoadThreshold SEVENTY_PERCENT = new LoadThreshold(0.7);

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.3, 0.69, 0.699999})
  void aLoadBelowTheThresholdAllowsCopying(double load) {
    assertThat(SEVENTY_PERCENT.allows(load)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.7, 0.71, 1.0, 3.5})
  void aLoadAtOrAboveTheThresholdRefusesCopying(double load) {
    assertThat(SEVENTY_PERCENT.allows(load)).isFalse();
  }

  @Test
  void anUnknownLoadNeverBlocks() {
    assertThat(SEVENTY_PERCENT.allows(Double.NaN)).isTrue();
    assertThat(SEVENTY_PERCENT.allows(-1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.5, Double.NaN, 100.5})
  void aThresholdMustBeAboveZero(double threshold) {
    assertThatThrownBy(() -> new LoadThreshold(threshold))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentRoundsTheRatioToAWholePercent() {
    assertThat(LoadThreshold.percent(0.7)).isEqualTo("70 %");
    assertThat(LoadThreshold.percent(0.0)).isEqualTo("0 %");
    assertThat(LoadThreshold.percent(1.234)).isEqualTo("123 %");
    assertThat(LoadThreshold.percent(0.004)).isEqualTo("0 %");
  }

  @Test
  void aClosedGateOpensOnlyBelowTheReopeningLoad() {
    LoadThreshold gate = new LoadThreshold(0.7, 0.6);

    assertThat(gate.next(true, 0.69)).as("open stays open below 70 %").isTrue();
    assertThat(gate.next(true, 0.7)).as("closes at 70 %").isFalse();
    assertThat(gate.next(false, 0.65)).as("closed stays closed between 60 and 70 %").isFalse();
    assertThat(gate.next(false, 0.59)).as("opens below 60 %").isTrue();
    assertThat(gate.next(false, Double.NaN)).as("a missing sample never blocks").isTrue();
  }

  @Test
  void theReopeningLoadCannotBeAboveTheThreshold() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadThreshold(0.7, 0.8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
