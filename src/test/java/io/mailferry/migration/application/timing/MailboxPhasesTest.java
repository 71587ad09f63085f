package io.mailferry.migration.application.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailboxPhasesTest {

  private final MailboxPhases phases = new MailboxPhases();

  @Test
  void aMailboxThatPausesAndStartsAgainAddsToTheSameTimes() {
    PhaseTimes first = phases.starting(7, "ann@example.org");

    assertThat(phases.starting(7, "ann@example.org")).isSameAs(first);
  }

  @Test
  void aMailboxStartedAfterItEndedStartsAfresh() {
    PhaseTimes first = phases.starting(7, "ann@example.org");
    assertThat(phases.finish(7)).contains(first);

    PhaseTimes second = phases.starting(7, "ann@example.org");

    assertThat(second).isNotSameAs(first);
    assertThat(phases.of("ANN@example.org").orElseThrow().finished()).isFalse();
  }

  @Test
  void recordTimeCountsForACopyingMailboxOnly() {
    phases.starting(7, "ann@example.org");
    phases.recorded(7, phases.start());
    phases.finish(7);
    phases.recorded(7, phases.start());
    phases.recorded(8, phases.start());

    assertThat(phases.of("ann@example.org").orElseThrow().calls()).containsEntry("record", 1L);
    assertThat(phases.of("bob@example.org")).isEmpty();
  }

  @Test
  void aMailboxEndsOnce() {
    phases.starting(7, "ann@example.org");

    assertThat(phases.finish(7)).isPresent();
    assertThat(phases.finish(7)).isEmpty();
    assertThat(phases.finish(8)).isEmpty();
  }
}
