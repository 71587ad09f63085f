package io.mailferry.restore.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.restore.domain.Restoration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreConnectionsTest {

  private static final SecretBox SECRETS = new SecretBox("restore-connections-test-key");
  private static final MailferryConfig NO_MASTER = MailferryConfig.of(Map.of());
  private static final MailferryConfig MASTER =
      MailferryConfig.of(
          Map.of(
              "mailferry.destination.master-user", "restorer",
              "mailferry.destination.master-password", "master-secret"));

  @Test
  void theMasterUserWritesEveryRestorationWhenThereIsOne() {
    Restoration archive = archive();
    archive.destinationPassword(SECRETS.encrypt("own-password"));

    assertThat(RestoreConnections.login(MASTER, SECRETS, archive))
        .isEqualTo(new RestoreConnections.Login("ann@example.org*restorer", "master-secret"));
  }

  @Test
  void withoutAMasterUserTheMailboxsOwnDestinationPasswordIsUsed() {
    Restoration archive = archive();
    archive.destinationPassword(SECRETS.encrypt("own-password"));

    assertThat(RestoreConnections.login(NO_MASTER, SECRETS, archive))
        .isEqualTo(new RestoreConnections.Login("ann@example.org", "own-password"));
  }

  @Test
  void aMoveWithTheUsersOwnLoginUsesThatPasswordOnTheNewServerToo() {
    Restoration move =
        Restoration.fromServer(
            "Bob@Example.org",
            "old.example.org",
            993,
            "ssl",
            "bob@example.org",
            SECRETS.encrypt("bobs-password"));

    assertThat(RestoreConnections.login(NO_MASTER, SECRETS, move))
        .isEqualTo(new RestoreConnections.Login("bob@example.org", "bobs-password"));
  }

  @Test
  void withNeitherTheRestorationStopsWithAReasonAnAdminCanActOn() {
    Restoration move =
        Restoration.fromServer(
            "bob@example.org",
            "old.example.org",
            993,
            "ssl",
            "bob@example.org*admin",
            SECRETS.encrypt("admin-password"));

    assertThatThrownBy(() -> RestoreConnections.login(NO_MASTER, SECRETS, move))
        .hasMessageContaining("mailferry.destination.master-user")
        .hasMessageContaining("password on the destination");
    assertThatThrownBy(() -> RestoreConnections.login(NO_MASTER, SECRETS, archive()))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Restoration archive() {
    return Restoration.fromArchive("ann@example.org", "ann.zip", "/tmp/spool");
  }
}
