package io.mailferry.migration.application;

/** Why a copy stops on an instance that no longer holds the mailbox's lease. */
public final class LeaseLost {

  private LeaseLost() {}

  public static MailboxStoppedException of(long migrationId, String instance) {
    return new MailboxStoppedException(
        "mailbox "
            + migrationId
            + ": instance "
            + instance
            + " no longer holds its lease; stopped before writing (another instance resumes it)",
        null);
  }
}
