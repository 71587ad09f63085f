package io.mailferry.destination.provisioning;

import java.util.Locale;

/**
 * An account on the destination: the address in lower case, split at its last '@' into the local
 * part (the {@code userid} of a users table) and the domain. Characters that would break a
 * passwd-file line or a Dovecot %-variable (':', whitespace, controls) are refused.
 */
public record MailAccount(String localPart, String domain) {

  public MailAccount {
    if (localPart == null || localPart.isEmpty() || domain == null || domain.isEmpty()) {
      throw new IllegalArgumentException("an account needs a local part and a domain");
    }
  }

  /**
   * @throws IllegalArgumentException when the address has no '@', an empty part, or a character a
   *     passwd-file cannot hold
   */
  public static MailAccount of(String email) {
    String address = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      throw new IllegalArgumentException("not a mail address: '" + address + "'");
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == ':' || c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("a mail address cannot hold '" + c + "'");
      }
    }
    return new MailAccount(address.substring(0, at), address.substring(at + 1));
  }

  public String email() {
    return localPart + "@" + domain;
  }

  @Override
  public String toString() {
    return email();
  }
}
