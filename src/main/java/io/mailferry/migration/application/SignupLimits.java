package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Locale;

/**
 * The sign-up rate limits, per client ({@code mailferry.signup.max-per-address}) and per mail
 * address ({@code mailferry.signup.max-per-account}) in a window of {@code
 * mailferry.signup.window-minutes}: nobody can use Mailferry to guess passwords against the source
 * server. Counted in the database, so every instance on it shares them; outside any transaction, so
 * a refusal is counted even when the caller's work is rolled back.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class SignupLimits {

  /** One attempt that passed the limits; {@link #succeeded()} gives it back. */
  public interface Attempt {
    void succeeded();
  }

  @Inject MailferryConfig config;

  private AttemptLimiter perAddress;
  private AttemptLimiter perAccount;

  @PostConstruct
  void create() {
    perAddress =
        new AttemptLimiter(
            MailferryDatabase.get().dataSource(),
            "signup-client",
            config.signupMaxPerAddress(),
            config.signupWindow(),
            Clock.systemUTC());
    perAccount =
        new AttemptLimiter(
            MailferryDatabase.get().dataSource(),
            "signup-account",
            config.signupMaxPerAccount(),
            config.signupWindow(),
            Clock.systemUTC());
  }

  /**
   * @param clientKey the client's limit key (an IPv6 client by its /64)
   * @throws TooManyAttemptsException when the client or the account used up its attempts
   */
  public Attempt begin(String clientKey, String email) {
    String account = email.toLowerCase(Locale.ROOT);
    String byAddress =
        perAddress
            .tryAcquire(clientKey)
            .orElseThrow(() -> new TooManyAttemptsException(perAddress.retryAfter(clientKey)));
    String byAccount = perAccount.tryAcquire(account).orElse(null);
    if (byAccount == null) {
      perAddress.release(byAddress);
      throw new TooManyAttemptsException(perAccount.retryAfter(account));
    }
    return () -> {
      perAddress.release(byAddress);
      perAccount.release(byAccount);
    };
  }
}
