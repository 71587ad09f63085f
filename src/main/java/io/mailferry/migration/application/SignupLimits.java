package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Locale;

/**
 * The sign-up rate limits, per client address ({@code mailferry.signup.max-per-address}) and per
 * mail address ({@code mailferry.signup.max-per-account}) in a window of {@code
 * mailferry.signup.window-minutes}: nobody can use Mailferry to guess passwords against the
 * source server. In memory, per Payara instance.
 */
@ApplicationScoped
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
        new AttemptLimiter(config.signupMaxPerAddress(), config.signupWindow(), Clock.systemUTC());
    perAccount =
        new AttemptLimiter(config.signupMaxPerAccount(), config.signupWindow(), Clock.systemUTC());
  }

  /**
   * @throws TooManyAttemptsException when the client or the account used up its attempts
   */
  public Attempt begin(String client, String email) {
    String account = email.toLowerCase(Locale.ROOT);
    if (!perAddress.tryAcquire(client)) {
      throw new TooManyAttemptsException(perAddress.retryAfter(client));
    }
    if (!perAccount.tryAcquire(account)) {
      perAddress.release(client);
      throw new TooManyAttemptsException(perAccount.retryAfter(account));
    }
    return () -> {
      perAddress.release(client);
      perAccount.release(account);
    };
  }
}
