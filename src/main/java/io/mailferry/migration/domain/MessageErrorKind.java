package io.mailferry.migration.domain;

/** Why a source message is not on the destination, and whether that still needs doing. */
public enum MessageErrorKind {
  /** Left out by a domain rule (size limit, deleted messages): deliberate. */
  RULE(false),
  /** Expunged on the source while it was being copied: nothing left to copy. */
  GONE(false),
  /** The destination refused it; the next run tries it again. */
  REFUSED(true),
  /** The source listed it but did not serve its content; the next run tries it again. */
  UNREADABLE(true);

  private final boolean outstanding;

  MessageErrorKind(boolean outstanding) {
    this.outstanding = outstanding;
  }

  /** Whether the message is still to be copied (a mailbox with such a message is not complete). */
  public boolean outstanding() {
    return outstanding;
  }
}
