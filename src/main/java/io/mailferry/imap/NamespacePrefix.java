package io.mailferry.imap;

/** The personal namespace prefix as folder names start with it (RFC 2342). */
public final class NamespacePrefix {

  private NamespacePrefix() {}

  /**
   * Angus Mail names the namespace folder "INBOX" for the prefix "INBOX.": the separator is added
   * back, so that "INBOX.Sent" starts with the prefix and "INBOXSent" is never made.
   */
  public static String of(String namespaceName, char separator) {
    if (namespaceName == null || namespaceName.isEmpty() || separator == 0) {
      return namespaceName == null ? "" : namespaceName;
    }
    return namespaceName.charAt(namespaceName.length() - 1) == separator
        ? namespaceName
        : namespaceName + separator;
  }
}
