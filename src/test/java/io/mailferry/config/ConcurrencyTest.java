package io.mailferry.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyTest {

  @ParameterizedTest(name = "{0} CPUs allow {1} mailboxes")
  @CsvSource({"1, 2", "2, 3", "4, 5", "5, 6", "8, 6", "64, 6"})
  void theCeilingIsOneMoreThanTheCpusButAtMostSix(int cpus, int expected) {
    assertThat(Concurrency.ceiling(cpus, Concurrency.HARD_CEILING)).isEqualTo(expected);
  }

  @Test
  void aLowerConfiguredValueWins() {
    assertThat(Concurrency.ceiling(8, 3)).isEqualTo(3);
    assertThat(Concurrency.ceiling(2, 1)).isEqualTo(1);
  }

  @Test
  void aHigherConfiguredValueIsIgnored() {
    assertThat(Concurrency.ceiling(2, 10)).isEqualTo(3);
    assertThat(Concurrency.ceiling(8, 100)).isEqualTo(6);
  }

  @Test
  void theCeilingIsNeverBelowOne() {
    assertThat(Concurrency.ceiling(4, 0)).isEqualTo(1);
    assertThat(Concurrency.ceiling(4, -3)).isEqualTo(1);
    assertThat(Concurrency.ceiling(0, 6)).isEqualTo(2);
  }
}
