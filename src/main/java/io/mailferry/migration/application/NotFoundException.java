package io.mailferry.migration.application;

/** The named domain or mailbox does not exist. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
