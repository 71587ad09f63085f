package io.mailferry.migration.application;

/** The mailbox cannot go on; its status already says why in words an admin understands. */
public class MailboxStoppedException extends RuntimeException {
  public MailboxStoppedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
