package io.mailferry.migration.application;

import io.mailferry.destination.provisioning.MailAccount;
import io.mailferry.destination.provisioning.Provisioner;
import io.mailferry.destination.provisioning.Provisioners;
import io.mailferry.destination.provisioning.ProvisioningException;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Auto-migration: a user signs up with the address and password they use today. The domain must be
 * registered with auto-migration on and not finished; the source server (only the one the admin
 * configured) must accept the login; then the destination account is created with the same password
 * by the configured provisioner, and the mailbox is queued. Signing up again is harmless: the
 * account exists, the migration exists, its status comes back.
 *
 * <p>Every answer is about the domain or the password the user typed, never about whether an
 * account exists. Attempts are rate limited ({@link SignupLimits}); refused ones are logged with
 * the address and client, never the password.
 *
 * <p>Not transactional itself: {@link MigrationService#queue} verifies, provisions and records in
 * one transaction, and a status check needs none.
 */
@ApplicationScoped
public class SignupService {

  private static final Logger LOG = Logger.getLogger(SignupService.class.getName());
  private static final String NO_MATCH =
      "The address or password is not accepted, or this address has not signed up yet";

  @Inject DomainService domains;
  @Inject MigrationService migrations;
  @Inject SourceVerifier verifier;
  @Inject Provisioners provisioners;
  @Inject SignupLimits limits;

  /**
   * @param client the client's IP address, for the rate limit and the log
   * @return the mailbox's migration, new or as it was
   * @throws SourceLoginException unknown domain, auto-migration off, wrong password, source
   *     unreachable
   * @throws TooManyAttemptsException over the rate limit
   * @throws ProvisioningException the destination account could not be created (nothing queued)
   */
  public MigrationView signUp(String email, String password, String client) {
    String address = MailboxMigration.normaliseEmail(email);
    SignupLimits.Attempt attempt = limits.begin(limitKey(client), address);
    try {
      openDomain(address);
      Provisioner provisioner = provisioners.selected();
      MailAccount account = MailAccount.of(address);
      MigrationView view =
          migrations.queue(
              address,
              password,
              null,
              (verified, secret) -> provisioner.provision(account, secret));
      attempt.succeeded();
      LOG.info(() -> "Signed up " + address + " from " + clientOf(client) + ": " + view.status());
      return view;
    } catch (RuntimeException e) {
      throw refused("Sign-up", address, client, e);
    }
  }

  /**
   * The migration of a user who proves their password again: against the stored (encrypted) source
   * password while there is one, else against the source server. An address without a migration is
   * refused like a wrong password, without contacting the source and after the same work as a check
   * against a stored password: the status check tells nobody whether a password is right, nor
   * whether an address signed up.
   *
   * @throws SourceLoginException WRONG_PASSWORD for a wrong password or an unknown address
   */
  public MigrationView status(String email, String password, String client) {
    String address = MailboxMigration.normaliseEmail(email);
    SignupLimits.Attempt attempt = limits.begin(limitKey(client), address);
    try {
      if (password == null || password.isEmpty()) {
        throw new SourceLoginException(
            SourceLoginException.Reason.WRONG_PASSWORD, "The password is required");
      }
      switch (migrations.checkStoredPassword(address, password)) {
        case MATCHES -> {}
        // signed up, but the password was wiped (or it logs in with an admin's login)
        case NOT_STORED -> verifier.verify(knownDomain(address), address, password);
        default ->
            throw new SourceLoginException(SourceLoginException.Reason.WRONG_PASSWORD, NO_MATCH);
      }
      MigrationView view =
          migrations
              .find(address)
              .orElseThrow(
                  () ->
                      new SourceLoginException(
                          SourceLoginException.Reason.WRONG_PASSWORD, NO_MATCH));
      attempt.succeeded();
      return view;
    } catch (RuntimeException e) {
      throw refused("Status check", address, client, e);
    }
  }

  /** The migration of an address this session has already proven; no password, no limit. */
  public Optional<MigrationView> followed(String email) {
    return migrations.find(email);
  }

  private MailDomain knownDomain(String address) {
    String name = MailboxMigration.domainOf(address);
    return domains
        .findEntity(name)
        .orElseThrow(
            () ->
                new SourceLoginException(
                    SourceLoginException.Reason.UNKNOWN_DOMAIN,
                    "Addresses of " + name + " are not moved by this service"));
  }

  private void openDomain(String address) {
    MailDomain domain = knownDomain(address);
    if (!domain.isAutoMigration()) {
      throw new SourceLoginException(
          SourceLoginException.Reason.AUTO_MIGRATION_DISABLED,
          "Self-service sign-up is not open for "
              + domain.getName()
              + "; your administrator moves these mailboxes");
    }
    if (domain.isMigrationFinished()) {
      throw new SourceLoginException(
          SourceLoginException.Reason.AUTO_MIGRATION_DISABLED,
          "The migration of " + domain.getName() + " is finished; sign-up is closed");
    }
  }

  /** Logs a refusal (never the password) and hands back what the caller should throw. */
  private static RuntimeException refused(
      String action, String address, String client, RuntimeException failure) {
    Throwable cause = ServiceFailures.cause(failure);
    if (cause instanceof ProvisioningException provisioning) {
      LOG.log(
          Level.SEVERE,
          action
              + " of "
              + address
              + " failed: the destination account cannot be created: "
              + provisioning.getMessage(),
          provisioning);
      return new ProvisioningException(
          "Your new mailbox cannot be created right now; the administrator has been told."
              + " Please try again later",
          provisioning);
    }
    String why =
        cause instanceof SourceLoginException login
            ? login.reason().name()
            : cause.getClass().getSimpleName();
    LOG.warning(
        () ->
            action
                + " refused for "
                + address
                + " from "
                + clientOf(client)
                + ": "
                + why
                + " ("
                + cause.getMessage()
                + ")");
    return cause instanceof RuntimeException runtime ? runtime : failure;
  }

  private static String limitKey(String client) {
    return ClientKey.of(clientOf(client));
  }

  private static String clientOf(String client) {
    return client == null || client.isBlank() ? "unknown" : client;
  }
}
