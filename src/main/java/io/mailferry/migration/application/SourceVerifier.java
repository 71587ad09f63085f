package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.imap.ImapFailure;
import io.mailferry.migration.application.port.SourceLogins;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import java.util.logging.Logger;

/** Checks a login against a domain's source server with a real IMAP login. */
@ApplicationScoped
public class SourceVerifier {

  private static final Logger LOG = Logger.getLogger(SourceVerifier.class.getName());

  @Inject MailferryConfig config;
  @Inject SourceLogins logins;
  @Inject MailboxSlots slots;
  @Inject LoadGate gate;

  /** Checks the login and logs out. */
  public void verify(MailDomain domain, String login, String password) {
    check(domain, login, password, false);
  }

  /**
   * Checks the login of a mailbox about to be queued. Where its copy can start at once (the gate
   * open, a slot free beside the sessions kept already), the session stays open for the copy, which
   * then does not log in again; else as {@link #verify}.
   */
  public void verifyForCopy(MailDomain domain, String login, String password) {
    boolean startsNow = gate.isOpen() && slots.inUse() + logins.kept() < slots.capacity();
    check(domain, login, password, startsNow);
  }

  private void check(MailDomain domain, String login, String password, boolean keepForCopy) {
    if (password == null || password.isEmpty()) {
      throw new SourceLoginException(
          SourceLoginException.Reason.WRONG_PASSWORD, "The password is required");
    }
    try {
      logins.check(
          domain.sourceEndpoint(),
          login,
          password,
          config.connectTimeout(),
          config.readTimeout(),
          keepForCopy);
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
