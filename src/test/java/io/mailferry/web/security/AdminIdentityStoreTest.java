package io.mailferry.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.config.MailferryConfig;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminIdentityStoreTest {

  private static AdminIdentityStore store(Map<String, String> config) {
    AdminIdentityStore store = new AdminIdentityStore();
    store.config = MailferryConfig.of(config);
    return store;
  }

  private static Status login(AdminIdentityStore store, String user, String password) {
    return store.validate(new UsernamePasswordCredential(user, password)).getStatus();
  }

  @Test
  void theConfiguredAdminLogsInAndNobodyElse() {
    AdminIdentityStore store =
        store(
            Map.of("mailferry.admin.user", "root", "mailferry.admin.password", "a-long-password"));

    assertThat(login(store, "root", "a-long-password")).isEqualTo(Status.VALID);
    assertThat(login(store, "root", "admin")).isEqualTo(Status.INVALID);
    assertThat(login(store, "admin", "a-long-password")).isEqualTo(Status.INVALID);
  }

  @Test
  void demoModeAcceptsAdminAdminAndOnlyDemoMode() {
    assertThat(login(store(Map.of("mailferry.demo", "true")), "admin", "admin"))
        .isEqualTo(Status.VALID);
    assertThat(
            login(store(Map.of("mailferry.admin.password", "a-long-password")), "admin", "admin"))
        .isEqualTo(Status.INVALID);
  }

  @Test
  void aUserNameWithControlCharactersIsRefusedBeforeItIsLogged() {
    AdminIdentityStore store = store(Map.of("mailferry.admin.password", "a-long-password"));

    assertThat(login(store, "admin\nINFO: admin logged in", "a-long-password"))
        .isEqualTo(Status.INVALID);
  }
}
