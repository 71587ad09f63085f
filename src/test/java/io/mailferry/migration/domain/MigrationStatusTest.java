package io.mailferry.migration.domain;

import static io.mailferry.migration.domain.MigrationStatus.COMPLETED;
import static io.mailferry.migration.domain.MigrationStatus.ERROR;
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
  void onlyACompletedOrFailedMigrationCanBeResynced() {
    assertThat(MigrationStatus.values())
        .filteredOn(MigrationStatus::canResync)
        .containsExactlyInAnyOrder(COMPLETED, ERROR);
  }

  @Test
  void queuedWaitingAndRunningAreActive() {
    assertThat(MigrationStatus.values())
        .filteredOn(MigrationStatus::isActive)
        .containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING);
  }

  @Test
  void aQueuedMigrationCanWaitRunFailOrStayQueuedButNotComplete() {
    assertThat(reachableFrom(QUEUED)).containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING, ERROR);
  }

  @Test
  void aWaitingMigrationCanRunFailOrGoBackToTheQueueButNotComplete() {
    assertThat(reachableFrom(WAITING)).containsExactlyInAnyOrder(QUEUED, WAITING, RUNNING, ERROR);
  }

  @Test
  void aRunningMigrationCanMoveAnywhere() {
    assertThat(reachableFrom(RUNNING)).containsExactlyInAnyOrder(MigrationStatus.values());
  }

  @Test
  void aStoppedMigrationCanOnlyGoBackToTheQueue() {
    assertThat(reachableFrom(COMPLETED)).containsExactly(QUEUED);
    assertThat(reachableFrom(ERROR)).containsExactly(QUEUED);
  }
}
