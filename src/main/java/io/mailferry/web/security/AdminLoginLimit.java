package io.mailferry.web.security;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.application.AttemptLimiter;
import io.mailferry.migration.application.ClientKey;
import io.mailferry.migration.application.TooManyAttemptsException;
import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Admin logins (form and HTTP Basic) are checked through here: at most {@code
 * mailferry.admin.max-failed-logins} failed ones per client in {@code
 * mailferry.admin.login-window-minutes}, counted in the database like the sign-up limits, then
 * every attempt is refused (429) until the oldest failure leaves the window.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class AdminLoginLimit {

  @Inject MailferryConfig config;
  @Inject AdminIdentityStore store;

  private AttemptLimiter perClient;

  @PostConstruct
  void create() {
    perClient =
        new AttemptLimiter(
            MailferryDatabase.get().dataSource(),
            "admin-client",
            config.adminMaxFailedLogins(),
            config.adminLoginWindow(),
            Clock.systemUTC());
  }

  /**
   * @param client the client's address ({@link ClientAddresses})
   * @throws TooManyAttemptsException when the client used up its failed logins
   */
  public CredentialValidationResult validate(UsernamePasswordCredential credential, String client) {
    String key = ClientKey.of(client);
    String attempt =
        perClient
            .tryAcquire(key)
            .orElseThrow(() -> new TooManyAttemptsException(perClient.retryAfter(key)));
    CredentialValidationResult result = store.validate(credential);
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      perClient.release(attempt);
    }
    return result;
  }
}
