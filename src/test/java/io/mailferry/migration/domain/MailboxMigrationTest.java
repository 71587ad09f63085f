package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxMigrationTest {

  private static final Duration TIMEOUT = Duration.ofHours(24);

  private static MailboxMigration newMigration() {
    return new MailboxMigration(new MailDomain("example.com"), "Alice@Example.com", null);
  }

  private static MailboxMigration running() {
    MailboxMigration migration = newMigration();
    migration.running("Copying");
    return migration;
  }

  @Test
  void aResumedRunCountsOnlyWhatItCopied() {
    MailboxMigration migration = running();
    migration.doneSoFar(20_000, 200_000_000);
    migration.progress("INBOX", 150, 1_500_000);

    assertThat(migration.getMessagesDone()).isEqualTo(20_150);
    assertThat(migration.getMessagesDoneThisRun()).isEqualTo(150);
  }

  @Test
  void normaliseEmailLowercasesTheWholeAddress() {
    assertThat(MailboxMigration.normaliseEmail("  John.Doe@Example.COM "))
        .isEqualTo("john.doe@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Casey@corp.test", "casey@corp.test", "CASEY@CORP.TEST", " cAsEy@Corp.Test"})
  void caseVariantsOfOneAddressAreOneMailbox(String variant) {
    assertThat(MailboxMigration.normaliseEmail(variant)).isEqualTo("casey@corp.test");
    assertThat(new MailboxMigration(new MailDomain("corp.test"), variant, null).getEmail())
        .isEqualTo("casey@corp.test");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "john", "@example.com", "john@", "john doe@example.com"})
  void normaliseEmailRejectsWhatIsNotAnAddress(String email) {
    assertThatThrownBy(() -> MailboxMigration.normaliseEmail(email))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRejectionNamesTheBadAddress() {
    assertThatThrownBy(() -> MailboxMigration.normaliseEmail("john at example.com"))
        .hasMessageContaining("'john at example.com'");
  }

  @Test
  void domainOfGivesTheLowercasedDomain() {
    assertThat(MailboxMigration.domainOf("Alice@Example.COM")).isEqualTo("example.com");
  }

  @Test
  void aNewMigrationIsQueuedWithTheNormalisedAddressAsLogin() {
    MailboxMigration migration = newMigration();

    assertThat(migration.getEmail()).isEqualTo("alice@example.com");
    assertThat(migration.getSourceLogin()).isEqualTo("alice@example.com");
    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.QUEUED);
    assertThat(migration.getQueuedAt()).isNotNull();
    assertThat(migration.getRunStartedAt()).isNull();
  }

  @Test
  void anExplicitSourceLoginIsKept() {
    MailboxMigration migration =
        new MailboxMigration(new MailDomain("example.com"), "alice@example.com", "alice");

    assertThat(migration.getSourceLogin()).isEqualTo("alice");
  }

  @Test
  void runningStartsTheRunClock() {
    MailboxMigration migration = running();

    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.RUNNING);
    assertThat(migration.getStatusMessage()).isEqualTo("Copying");
    assertThat(migration.getStartedAt()).isNotNull();
    assertThat(migration.getRunStartedAt()).isNotNull();
  }

  @Test
  void aQueuedMigrationMayWaitForLoad() {
    MailboxMigration migration = newMigration();

    migration.waiting("Server busy");

    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.WAITING);
    assertThat(migration.getStatusMessage()).isEqualTo("Server busy");
  }

  @Test
  void runningAfterALoadPauseKeepsTheRunStart() {
    MailboxMigration migration = running();
    Instant runStarted = migration.getRunStartedAt();
    Instant firstStarted = migration.getStartedAt();

    migration.waiting("Server busy");
    migration.running("Copying again");

    assertThat(migration.getRunStartedAt()).isSameAs(runStarted);
    assertThat(migration.getStartedAt()).isSameAs(firstStarted);
  }

  @Test
  void completingRecordsTheFinishAndClearsTheCurrentFolder() {
    MailboxMigration migration = running();
    migration.progress("INBOX", 3, 300);

    migration.completed("Done");

    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.COMPLETED);
    assertThat(migration.getFinishedAt()).isNotNull();
    assertThat(migration.getCurrentFolder()).isNull();
  }

  @Test
  void eachFailureCountsAsAnErrorEpisode() {
    MailboxMigration migration = running();

    migration.failed("Login failed");
    migration.requeue("Retry");
    migration.running("Copying");
    migration.failed("Login failed again");

    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.ERROR);
    assertThat(migration.getErrorEpisodes()).isEqualTo(2);
    assertThat(migration.getFinishedAt()).isNotNull();
  }

  @Test
  void requeueingAStoppedMigrationResetsTheRun() {
    MailboxMigration migration = running();
    migration.completed("Done");

    migration.requeue("Resync");

    assertThat(migration.getStatus()).isEqualTo(MigrationStatus.QUEUED);
    assertThat(migration.getRunStartedAt()).isNull();
    assertThat(migration.getFinishedAt()).isNull();
    assertThat(migration.getStatusMessage()).isEqualTo("Resync");
  }

  @Test
  void aQueuedMigrationCannotComplete() {
    MailboxMigration migration = newMigration();

    assertThatThrownBy(() -> migration.completed("Done"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("alice@example.com")
        .hasMessageContaining("QUEUED");
  }

  @Test
  void aCompletedMigrationCannotFailOrRunWithoutBeingRequeued() {
    MailboxMigration migration = running();
    migration.completed("Done");

    assertThatThrownBy(() -> migration.failed("late error"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> migration.running("again")).isInstanceOf(IllegalStateException.class);
    assertThat(migration.getErrorEpisodes()).isZero();
  }

  @Test
  void aMigrationThatNeverRanHasNotRunTooLong() {
    MailboxMigration migration = newMigration();

    assertThat(migration.hasRunLongerThan(TIMEOUT, Instant.now().plus(Duration.ofDays(30))))
        .isFalse();
  }

  @Test
  void theTimeoutIsReachedTwentyFourHoursAfterTheRunStarted() {
    MailboxMigration migration = running();
    Instant started = migration.getRunStartedAt();

    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(Duration.ofHours(23)))).isFalse();
    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(TIMEOUT).minusSeconds(1)))
        .isFalse();
    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(TIMEOUT))).isTrue();
    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(Duration.ofHours(25)))).isTrue();
  }

  @Test
  void aLoadPauseDoesNotRestartTheTimeout() {
    MailboxMigration migration = running();
    Instant started = migration.getRunStartedAt();

    migration.waiting("Server busy");
    migration.running("Copying again");

    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(Duration.ofHours(25)))).isTrue();
  }

  @Test
  void aRequeuedMigrationStartsAFreshTimeout() {
    MailboxMigration migration = running();
    Instant started = migration.getRunStartedAt();
    migration.failed("Timed out");

    migration.requeue("Retry");

    assertThat(migration.hasRunLongerThan(TIMEOUT, started.plus(Duration.ofHours(25)))).isFalse();
  }

  @Test
  void longStatusMessagesAreCutToFitTheColumn() {
    MailboxMigration migration = newMigration();

    migration.setStatusMessage("x".repeat(5000));

    assertThat(migration.getStatusMessage().length()).isLessThanOrEqualTo(1000);
  }

  @Test
  void progressAddsUp() {
    MailboxMigration migration = running();

    migration.progress("INBOX", 2, 200);
    migration.progress("Sent", 3, 50);

    assertThat(migration.getMessagesDone()).isEqualTo(5);
    assertThat(migration.getBytesDone()).isEqualTo(250);
    assertThat(migration.getCurrentFolder()).isEqualTo("Sent");
  }
}
