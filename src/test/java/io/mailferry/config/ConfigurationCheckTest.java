package io.mailferry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationCheckTest {

  private static Map<String, String> production() {
    Map<String, String> values = new HashMap<>();
    values.put("mailferry.admin.password", "a-long-admin-password");
    values.put("mailferry.secret-key", "a secret key");
    values.put("mailferry.destination.host", "mail.example.org");
    return values;
  }

  @Test
  void aProductionConfigurationStarts() {
    assertThat(ConfigurationCheck.problems(MailferryConfig.of(production()))).isEmpty();
  }

  @Test
  void theDefaultsDoNotStartOutsideDemoMode() {
    assertThat(ConfigurationCheck.problems(MailferryConfig.of(Map.of())))
        .anySatisfy(p -> assertThat(p).contains("mailferry.admin.password"))
        .anySatisfy(p -> assertThat(p).contains("mailferry.secret-key"));
  }

  @Test
  void theDemoPasswordDoesNotStartOutsideDemoMode() {
    Map<String, String> values = production();
    values.put("mailferry.admin.password", "admin");

    assertThat(ConfigurationCheck.problems(MailferryConfig.of(values)))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("demo password"));
  }

  @Test
  void demoModeStartsWithoutPasswordOrKey() {
    assertThat(ConfigurationCheck.problems(MailferryConfig.of(Map.of("mailferry.demo", "true"))))
        .isEmpty();
  }

  @Test
  void aPlaintextDestinationNeedsAllowPlaintext() {
    Map<String, String> values = production();
    values.put("mailferry.destination.security", "none");

    assertThat(ConfigurationCheck.problems(MailferryConfig.of(values)))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("allow-plaintext"));

    values.put("mailferry.destination.allow-plaintext", "true");
    assertThat(ConfigurationCheck.problems(MailferryConfig.of(values))).isEmpty();
    assertThat(MailferryConfig.of(values).destination().port()).isEqualTo(143);
  }

  @Test
  void aTrustedProxyThatIsNoAddressIsRefused() {
    Map<String, String> values = production();
    values.put("mailferry.http.trusted-proxies", "10.0.0.1, proxy.example.org");

    assertThat(ConfigurationCheck.problems(MailferryConfig.of(values)))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("proxy.example.org"));
  }
}
