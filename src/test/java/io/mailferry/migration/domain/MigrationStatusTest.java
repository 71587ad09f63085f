package io.mailferry.migration.domain;

import static io.mailferry.migration.domain.MigrationStatus.CANCELLED;
import static io.mailferry.migration.domain.MigrationStatus.COMPLETED;
import static io.mailferry.migration.domain.MigrationStatus.ERROR;
import static io.mailferry.migration.domain.MigrationStatus.PAUSED;
import static io.mailferry.migration.domain.MigrationStatus.QUEUED;
import static io.mailferry.migration.domain.MigrationStatus.RUNNING;
import static io.mailferry.migration.domain.MigrationStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class MigrationStatusTest {

  private static EnumSet<MigrationStatus> reachableFrom(MigrationStatus status) {
    EnumSet<MigrationStatus> next = EnumSet.noneOf(MigrationStatus.class);
    Arrays.stream(MigrationStatus.values()).filter(status::canMoveTo).forEach(next::add);
    return next;
  }

  @Test
  void onlyACompletedFailedOrHeldMigrationCanBeResynced() {
    assertThat(MigrationStatus.values())
        .filteredOn(MigrationStatus::canResync)
        .containsExactlyInAnyOrder(COMPLETED, ERROR, PAUSED, CANCELLED);
  }

  @Test
  void queuedWaitingAndRunningAreActive() {
    assertThat(MigrationStatus.values())
        .filteredOn(MigrationStatus::isActive)
        .containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING);
  }

  @Test
  void aQueuedMigrationCanWaitRunFailBeHeldOrStayQueuedButNotComplete() {
    assertThat(reachableFrom(QUEUED))
        .containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING, ERROR, PAUSED, CANCELLED);
  }

  @Test
  void aWaitingMigrationCanRunFailBeHeldOrGoBackToTheQueueButNotComplete() {
    assertThat(reachableFrom(WAITING))
        .containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING, ERROR, PAUSED, CANCELLED);
  }

  @Test
  void onlyPausedAndCancelledAreHeld() {
    assertThat(MigrationStatus.values())
        .filteredOn(MigrationStatus::isHeld)
        .containsExactlyInAnyOrder(PAUSED, CANCELLED);
  }

  @Test
  void aRunningMigrationCanMoveAnywhere() {
    assertThat(reachableFrom(RUNNING)).containsExactlyInAnyOrder(MigrationStatus.values());
  }

  @Test
  void aStoppedMigrationCanOnlyGoBackToTheQueue() {
    assertThat(reachableFrom(COMPLETED)).containsExactly(QUEUED);
    assertThat(reachableFrom(ERROR)).containsExactly(QUEUED);
    assertThat(reachableFrom(PAUSED)).containsExactly(QUEUED);
    assertThat(reachableFrom(CANCELLED)).containsExactly(QUEUED);
  }
}
