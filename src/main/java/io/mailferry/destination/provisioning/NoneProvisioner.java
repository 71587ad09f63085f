package io.mailferry.destination.provisioning;

import io.mailferry.config.MailferryConfig;
import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MailSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

/**
 * {@code none}: the accounts exist on the destination already (created by another system).
 * Mailferry only checks that it can log in there as the copy will: as the user with the password
 * from the source, or through the Dovecot master user when one is configured.
 */
@ApplicationScoped
public class NoneProvisioner implements Provisioner {

  @Inject MailferryConfig config;

  @Override
  public String name() {
    return "none";
  }

  @Override
  public Result provision(MailAccount account, String password) {
    String login = account.email();
    String secret = password;
    if (config.destinationMasterUser().isPresent()) {
      login = login + config.destinationMasterSeparator() + config.destinationMasterUser().get();
      secret = config.destinationMasterPassword();
    }
    try (Store store =
        MailSessions.connect(
            config.destination(), login, secret, config.connectTimeout(), config.readTimeout())) {
      return Result.EXISTED;
    } catch (MessagingException e) {
      throw new ProvisioningException(
          ImapFailure.classify(e).describe("destination", config.destination(), e)
              + " (provisioner none: the account of "
              + account
              + " must exist on the destination with the same password, or a master user be"
              + " configured)",
          e);
    }
  }

  /** The accounts exist already: nothing is written, the old hash is not needed. */
  @Override
  public Result provisionHashed(MailAccount account, String schemeAndHash) {
    return Result.EXISTED;
  }
}
