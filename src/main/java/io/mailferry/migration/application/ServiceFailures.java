package io.mailferry.migration.application;

import jakarta.ejb.EJBException;

/** What a service call really failed with: the container wraps it in {@link EJBException}s. */
public final class ServiceFailures {

  private ServiceFailures() {}

  public static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while (t instanceof EJBException ejb) {
      Throwable next =
          ejb.getCausedByException() != null ? ejb.getCausedByException() : t.getCause();
      if (next == null || next == t) {
        break;
      }
      t = next;
    }
    return t;
  }
}
