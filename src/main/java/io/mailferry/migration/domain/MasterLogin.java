package io.mailferry.migration.domain;

/**
 * A batch-wide login to the source that opens every user's mailbox. {@code %u} in the pattern
 * stands for the user's login (Dovecot's variable): {@code %u*migrator} is Dovecot's master-user
 * form, and a bare name {@code migrator} means exactly that.
 */
public record MasterLogin(String pattern) {

  /** Dovecot's default {@code auth_master_user_separator}. */
  public static final String DOVECOT_SEPARATOR = "*";

  public MasterLogin {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("the master login is empty");
    }
    pattern = pattern.trim();
    if (!pattern.contains("%u")) {
      pattern = "%u" + DOVECOT_SEPARATOR + pattern;
    }
  }

  /** The source login for a user whose own login is {@code user}. */
  public String loginFor(String user) {
    return pattern.replace("%u", user);
  }
}
