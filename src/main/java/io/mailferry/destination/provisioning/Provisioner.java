package io.mailferry.destination.provisioning;

/**
 * Creates a user's account on the destination, with the password the user proved on the source.
 * Implementations are idempotent: an account that exists already is not created twice (and not
 * changed), so a second sign-up is harmless.
 */
public interface Provisioner {

  /** What {@link #provision} did. */
  enum Result {
    /** The account was created now. */
    CREATED,
    /** The account was there already and was left as it is. */
    EXISTED
  }

  /** The name in {@code mailferry.provisioner}. */
  String name();

  /**
   * @throws ProvisioningException when the account cannot be created (or, for {@code none}, cannot
   *     be logged in to); the message is for the administrator's log, not for the user
   */
  Result provision(MailAccount account, String password);

  /**
   * Creates the account with a password hash read from another server ({@code {SCHEME}hash}, as
   * Dovecot stores it), so that the user keeps the password nobody here ever saw.
   *
   * @throws ProvisioningException when the account cannot be created this way
   */
  Result provisionHashed(MailAccount account, String schemeAndHash);
}
