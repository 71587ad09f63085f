package io.mailferry.restore.domain;

/** Where the mail comes from. */
public enum RestorationKind {
  /** An uploaded mbox or Maildir archive. */
  ARCHIVE,
  /** Another IMAP server of the destination's kind, read with an admin or master login. */
  SERVER
}
