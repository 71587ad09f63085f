package io.mailferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark from rotting: its {@code smoke} scenario (500 messages and one large one,
 * through Mailferry and, when installed, mbsync) must run and copy every message exactly.
 * Correctness only: timings on a shared machine are no test, but the run's phase times must have
 * been recorded and served.
 */
class BenchmarkSmokeIT {

  @Test
  void theSmokeScenarioCopiesEveryMessageExactly() throws Exception {
    Benchmark benchmark = new Benchmark();
    try {
      benchmark.run("smoke");
    } finally {
      benchmark.report();
    }
    assertThat(benchmark.results()).anyMatch(r -> r.tool().equals("mailferry"));
    assertThat(benchmark.results())
        .filteredOn(r -> r.tool().equals("mailferry"))
        .allMatch(Benchmark.Result::equal, "source and destination equal byte for byte")
        .allSatisfy(
            r -> {
              // read from GET /api/migrations/{email}/phases once the mailbox completed
              PhaseReport phases = benchmark.phases(r);
              assertThat(phases.seconds()).containsKeys("list", "select", "fetch", "append");
              assertThat(phases.seconds().get("append")).isPositive();
              assertThat(phases.seconds().get("fetch")).isPositive();
              assertThat(phases.seconds().get("record")).isPositive();
              assertThat(phases.waiting().get("source")).isPositive();
              assertThat(phases.waiting().get("destination"))
                  .isGreaterThanOrEqualTo(phases.seconds().get("append"));
            });
  }
}
