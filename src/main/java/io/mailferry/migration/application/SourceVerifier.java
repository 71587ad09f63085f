package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MailSessions;
import io.mailferry.migration.domain.MailDomain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.util.logging.Logger;

/** Checks a login against a domain's source server with a real IMAP LOGIN. */
@ApplicationScoped
public class SourceVerifier {

  private static final Logger LOG = Logger.getLogger(SourceVerifier.class.getName());

  @Inject MailferryConfig config;

  public void verify(MailDomain domain, String login, String password) {
    if (password == null || password.isEmpty()) {
      throw new SourceLoginException(
          SourceLoginException.Reason.WRONG_PASSWORD, "The password is required");
    }
    try (Store store =
        MailSessions.connect(
            domain.sourceEndpoint(),
            login,
            password,
            config.connectTimeout(),
            config.readTimeout())) {
      store.isConnected();
    } catch (MessagingException e) {
      ImapFailure failure = ImapFailure.classify(e);
      if (failure == ImapFailure.AUTHENTICATION) {
        LOG.info(() -> "Source login refused for " + login + " at " + domain.sourceEndpoint());
        throw new SourceLoginException(
            SourceLoginException.Reason.WRONG_PASSWORD,
            "The address or password is not accepted by your current mail server");
      }
      LOG.warning(failure.describe("source", domain.sourceEndpoint(), e));
      if (failure == ImapFailure.TLS) {
        throw new SourceLoginException(
            SourceLoginException.Reason.SOURCE_UNAVAILABLE,
            "Your current mail server cannot be reached securely (its TLS certificate is not"
                + " trusted); the administrator has been told");
      }
      throw new SourceLoginException(
          SourceLoginException.Reason.SOURCE_UNAVAILABLE,
          "Your current mail server cannot be reached right now; please try again later");
    }
  }
}
