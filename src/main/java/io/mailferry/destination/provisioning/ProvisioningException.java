package io.mailferry.destination.provisioning;

/** The destination account could not be created; the message is for the administrator. */
public class ProvisioningException extends RuntimeException {

  public ProvisioningException(String message) {
    super(message);
  }

  public ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
