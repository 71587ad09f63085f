package io.mailferry.migration.domain;

/**
 * One good line of a batch CSV: the mailbox on the source ({@code email}), its password there (null
 * in a master-login batch), the login on the source when it is not the address, and the destination
 * address when it differs.
 *
 * @param line the line number in the file (the header is line 1)
 */
public record BatchLine(
    int line, String email, String password, String sourceLogin, String destinationEmail) {

  /** The address the mailbox gets on the destination (the migration's address). */
  public String mailbox() {
    return destinationEmail == null ? email : destinationEmail;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "BatchLine[line="
        + line
        + ", email="
        + email
        + ", password="
        + (password == null ? "none" : "***")
        + ", sourceLogin="
        + sourceLogin
        + ", destinationEmail="
        + destinationEmail
        + "]";
  }
}
