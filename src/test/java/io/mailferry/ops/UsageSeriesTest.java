package io.mailferry.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageSeriesTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static UsagePoint at(long seconds, Double load, double messagesPerSecond, int copying) {
    return new UsagePoint(
        T0.plusSeconds(seconds),
        60,
        2,
        load,
        null,
        null,
        0.7,
        messagesPerSecond,
        0,
        copying,
        0,
        0,
        100,
        200,
        "node-1");
  }

  @Test
  void minutePointsOfAQuarterHourAreAveragedIntoOnePointAtItsStart() {
    List<UsagePoint> merged =
        UsageSeries.merge(
            List.of(at(0, 0.2, 100, 1), at(60, 0.4, 300, 3), at(900, 0.9, 10, 6)),
            Duration.ofMinutes(15));

    assertThat(merged).hasSize(2);
    assertThat(merged.get(0).time()).isEqualTo(T0);
    assertThat(merged.get(0).resolutionSeconds()).isEqualTo(900);
    assertThat(merged.get(0).load1()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(merged.get(0).messagesPerSecond()).isEqualTo(200);
    assertThat(merged.get(0).copying()).isEqualTo(2);
    assertThat(merged.get(1).time()).isEqualTo(T0.plusSeconds(900));
    assertThat(merged.get(1).load1()).isEqualTo(0.9);
  }

  @Test
  void anUnknownLoadIsLeftOutOfTheAverageAndStaysUnknownAlone() {
    List<UsagePoint> merged =
        UsageSeries.merge(
            List.of(at(0, null, 0, 0), at(30, 0.5, 0, 0), at(900, null, 0, 0)),
            Duration.ofMinutes(15));

    assertThat(merged.get(0).load1()).isEqualTo(0.5);
    assertThat(merged.get(1).load1()).isNull();
    assertThat(merged.get(0).load5()).isNull();
  }

  @Test
  void rangesAreParsedFromTheApiWordsAndAnythingElseIsRefused() {
    assertThat(UsageSeries.Range.parse("1h")).isEqualTo(UsageSeries.Range.HOUR);
    assertThat(UsageSeries.Range.parse("24h")).isEqualTo(UsageSeries.Range.DAY);
    assertThat(UsageSeries.Range.parse("7d")).isEqualTo(UsageSeries.Range.WEEK);
    assertThat(UsageSeries.Range.parse(null)).isEqualTo(UsageSeries.Range.HOUR);
    assertThatThrownBy(() -> UsageSeries.Range.parse("3w"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1h, 24h, 7d");
  }

  @Test
  void aWeekShowsHourlyPointsAndAnHourMinutePoints() {
    assertThat(UsageSeries.Range.WEEK.length().dividedBy(UsageSeries.Range.WEEK.bucket()))
        .isEqualTo(168);
    assertThat(UsageSeries.Range.HOUR.bucket()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void pointsOfTwoInstancesInOneBucketAreMergedEachOnItsOwn() {
    UsagePoint other =
        new UsagePoint(
            T0.plusSeconds(30), 60, 4, 0.9, null, null, 0.7, 50, 0, 6, 0, 0, 1, 2, "node-2");
    List<UsagePoint> merged =
        UsageSeries.merge(
            List.of(at(0, 0.2, 100, 1), other, at(60, 0.4, 300, 3)), Duration.ofMinutes(15));

    assertThat(merged).extracting(UsagePoint::instance).containsExactly("node-1", "node-2");
    assertThat(merged.get(0).copying()).isEqualTo(2);
    assertThat(merged.get(1).copying()).isEqualTo(6);
  }
}
