package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class AdminQueueTest {

  @Test
  void aDuplicateAddressRefusedByTheUniqueKeyIsALostRaceAndTriedAgain() {
    EJBException lost =
        new EJBException(
            new PersistenceException(
                "insert failed",
                new SQLException("duplicate key value violates unique constraint", "23505")));
    assertThat(AdminQueue.lostTheRaceForItsRow(lost)).isTrue();
  }

  @Test
  void anyOtherFailureIsNot() {
    assertThat(AdminQueue.lostTheRaceForItsRow(new EJBException(new IllegalStateException("x"))))
        .isFalse();
    assertThat(
            AdminQueue.lostTheRaceForItsRow(
                new EJBException(new PersistenceException(new SQLException("gone", "08006")))))
        .isFalse();
  }
}
