package io.mailferry.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Refuses to start (the deployment fails, with the reasons in the log) on a configuration that
 * would be unsafe outside demo mode: no admin password or the demo's, no secret key for the stored
 * source passwords, plaintext IMAP to the destination without {@code allow-plaintext}.
 */
@Singleton
@Startup
public class ConfigurationCheck {

  private static final Logger LOG = Logger.getLogger(ConfigurationCheck.class.getName());

  @Inject MailferryConfig config;

  @PostConstruct
  void checkAtStartup() {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> LOG.severe("Mailferry does not start: " + problem));
      throw new IllegalStateException("Mailferry does not start: " + String.join("; ", problems));
    }
    if (config.demo()) {
      LOG.warning("Demo mode (mailferry.demo=true): never use it with real mailboxes");
    }
  }

  /** What is wrong with the configuration; empty when Mailferry may start. */
  public static List<String> problems(MailferryConfig config) {
    List<String> problems = new ArrayList<>();
    boolean demo = config.demo();
    try {
      AdminPassword.of(config.adminPassword(), demo);
    } catch (IllegalStateException e) {
      problems.add(e.getMessage());
    }
    if (config.secretKey().isEmpty() && !demo) {
      problems.add(
          "mailferry.secret-key (MAILFERRY_SECRET_KEY) is not set: it encrypts the stored source"
              + " passwords and is required outside demo mode");
    }
    try {
      config.destination();
    } catch (IllegalArgumentException e) {
      problems.add(
          "mailferry.destination: "
              + e.getMessage()
              + " (set mailferry.destination.allow-plaintext=true for a trusted local network)");
    }
    try {
      TrustedProxies.parse(config.trustedProxies());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }
}
