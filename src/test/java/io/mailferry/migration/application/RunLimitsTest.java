package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a run must stop, in the words the status page shows. */
class RunLimitsTest {

  private final RunLimits limits = new RunLimits(Duration.ofHours(24), 100);

  private static MailboxMigration running() {
    MailboxMigration migration =
        new MailboxMigration(new MailDomain("limits.test"), "kim@limits.test", null);
    migration.running("Copying");
    return migration;
  }

  @Test
  void aRunGoesOnWithinItsTimeAndRefusals() {
    MailboxMigration migration = running();

    assertThat(limits.exceeded(migration, migration.getRunStartedAt().plusSeconds(60), 100))
        .isNull();
  }

  @Test
  void aRunStopsWhenItsTimeIsUpAndSaysHowToContinue() {
    MailboxMigration migration = running();

    assertThat(
            limits.exceeded(migration, migration.getRunStartedAt().plus(Duration.ofHours(24)), 0))
        .isEqualTo("Timed out after 24 h — resync to continue");
  }

  @Test
  void aRunStopsAfterOneRefusalTooManyAndSendsTheAdminToTheMessageErrors() {
    assertThat(limits.exceeded(running(), Instant.now(), 101))
        .isEqualTo(
            "Stopped after 101 messages were refused by the destination (limit 100): see the"
                + " message errors");
  }

  @Test
  void describesTheTimeoutInTheUnitAnAdminConfiguredIt() {
    assertThat(RunLimits.describe(Duration.ofHours(24))).isEqualTo("24 h");
    assertThat(RunLimits.describe(Duration.ofMinutes(90))).isEqualTo("90 min");
    assertThat(RunLimits.describe(Duration.ofSeconds(45))).isEqualTo("45 s");
  }
}
