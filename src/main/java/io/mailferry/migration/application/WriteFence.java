package io.mailferry.migration.application;

/**
 * Asked by the copy before each write to the destination: may this instance still write this
 * mailbox? An instance whose lease ran out (it stalled, or lost the database) may find another
 * instance copying the mailbox by now; it stops without writing anything, its status included.
 */
@FunctionalInterface
public interface WriteFence {

  /**
   * @throws MailboxStoppedException when this instance no longer holds the mailbox
   */
  void beforeWrite(long migrationId);

  /** Outside a cluster (tests of the copy alone). */
  WriteFence OPEN = migrationId -> {};
}
