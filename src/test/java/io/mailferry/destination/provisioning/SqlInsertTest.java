package io.mailferry.destination.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlInsertTest {

  private final MailAccount alice = MailAccount.of("Alice@Example.ORG");

  @Test
  void threeQuestionMarksAreUseridDomainAndPassword() {
    SqlInsert insert =
        SqlInsert.parse("INSERT INTO mailserver.users (userid, domain, password) VALUES (?, ?, ?)");

    assertThat(insert.sql())
        .isEqualTo("INSERT INTO mailserver.users (userid, domain, password) VALUES (?, ?, ?)");
    assertThat(insert.values(alice, "{SHA512-CRYPT}h"))
        .containsExactly("alice", "example.org", "{SHA512-CRYPT}h");
  }

  @Test
  void namedPlaceholdersBindInTheirOrderAndLeaveCastsAlone() {
    SqlInsert insert =
        SqlInsert.parse(
            "INSERT INTO users (email, pw, local, created) VALUES (:email, :password, :userid, now()::timestamp)");

    assertThat(insert.sql())
        .isEqualTo(
            "INSERT INTO users (email, pw, local, created) VALUES (?, ?, ?, now()::timestamp)");
    assertThat(insert.values(alice, "h")).containsExactly("alice@example.org", "h", "alice");
  }

  @Test
  void statementWithoutThePasswordIsRefused() {
    assertThatThrownBy(() -> SqlInsert.parse("INSERT INTO users (userid) VALUES (:userid)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(":password");
    assertThatThrownBy(() -> SqlInsert.parse("INSERT INTO users VALUES (?, ?)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("three ?");
  }

  @Test
  void accountIsTheLowerCaseAddressSplitAtItsLastAt() {
    assertThat(alice.localPart()).isEqualTo("alice");
    assertThat(alice.domain()).isEqualTo("example.org");
    assertThat(MailAccount.of("\"a@b\"@example.org").localPart()).isEqualTo("\"a@b\"");
    assertThatThrownBy(() -> MailAccount.of("alice@")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailAccount.of("al:ice@example.org"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
