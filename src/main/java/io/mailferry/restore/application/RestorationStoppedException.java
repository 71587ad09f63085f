package io.mailferry.restore.application;

/** A restoration ended in ERROR; the reason is on record already. */
public class RestorationStoppedException extends RuntimeException {

  public RestorationStoppedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
