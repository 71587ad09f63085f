package io.mailferry.migration.application;

/**
 * A domain's source host was to change without the admin confirming that the stored source
 * passwords of its mailboxes are wiped (they would otherwise be sent to the new host).
 */
public class HostChangeNotConfirmedException extends IllegalStateException {

  public HostChangeNotConfirmedException(String message) {
    super(message);
  }
}
