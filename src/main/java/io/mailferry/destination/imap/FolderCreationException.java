package io.mailferry.destination.imap;

/** The destination refused to create a folder: the mailbox cannot be migrated as asked. */
public class FolderCreationException extends Exception {
  public FolderCreationException(String message, Throwable cause) {
    super(message, cause);
  }
}
