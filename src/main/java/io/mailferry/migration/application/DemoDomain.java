package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * With {@code mailferry.demo=true} (the README's run command), registers the demo domain whose
 * source is the demo IMAP server run.sh starts, so a newcomer can sign up a demo user at once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class DemoDomain {

  public static final String NAME = "demo.mailferry.test";
  private static final Logger LOG = Logger.getLogger(DemoDomain.class.getName());

  @Inject MailferryConfig config;
  @Inject DomainService domains;

  @PostConstruct
  void register() {
    if (!config.demo() || domains.find(NAME).isPresent()) {
      return;
    }
    domains.save(
        NAME,
        new DomainSettings(
            NAME,
            "127.0.0.1",
            config.demoSourcePort(),
            "none",
            true,
            null,
            true,
            null,
            null,
            null,
            null,
            false));
    LOG.info(
        () ->
            "Demo domain "
                + NAME
                + " registered (source 127.0.0.1:"
                + config.demoSourcePort()
                + ")");
  }
}
