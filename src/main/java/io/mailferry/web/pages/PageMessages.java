package io.mailferry.web.pages;

import io.mailferry.destination.provisioning.ProvisioningException;
import io.mailferry.migration.application.NotFoundException;
import io.mailferry.migration.application.ServiceFailures;
import io.mailferry.migration.application.SourceLoginException;
import io.mailferry.migration.application.TooManyAttemptsException;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Page messages, and the services' refusals turned into them. The services say what is wrong in the
 * exception message ("host is required: ..."); a stateless bean hands it over wrapped in an {@link
 * EJBException}, which is unwrapped here. Anything else is a bug: logged, with a short sentence on
 * the page instead of a stack trace.
 */
final class PageMessages {

  private static final Logger LOG = Logger.getLogger(PageMessages.class.getName());

  private PageMessages() {}

  static void info(String text) {
    add(FacesMessage.SEVERITY_INFO, text);
  }

  static void error(String text) {
    add(FacesMessage.SEVERITY_ERROR, text);
  }

  /** Shows why a service refused; logs and shows a generic sentence for unexpected failures. */
  static void failure(String action, RuntimeException failure) {
    failure(action, null, failure);
  }

  /**
   * Like {@link #failure(String, RuntimeException)}, with {@code lead} before the service's reason
   * when the reason alone does not say what it is about ("alice@example.org was not queued: ...").
   */
  static void failure(String action, String lead, RuntimeException failure) {
    Throwable cause = ServiceFailures.cause(failure);
    if (cause instanceof IllegalArgumentException
        || cause instanceof IllegalStateException
        || cause instanceof NotFoundException
        || cause instanceof SourceLoginException
        || cause instanceof TooManyAttemptsException
        || cause instanceof ProvisioningException) {
      String reason = cause.getMessage() == null ? "" : cause.getMessage();
      error(
          lead == null || reason.isBlank()
              ? capitalise(reason)
              : lead + ": " + decapitalise(reason));
    } else {
      LOG.log(Level.SEVERE, action + " failed", failure);
      error(capitalise(action) + " failed unexpectedly; the server log has the details.");
    }
  }

  /** "The address ..." becomes "the address ..."; "IMAP ..." stays. */
  private static String decapitalise(String text) {
    return text.length() > 1
            && Character.isUpperCase(text.charAt(0))
            && Character.isLowerCase(text.charAt(1))
        ? Character.toLowerCase(text.charAt(0)) + text.substring(1)
        : text;
  }

  private static String capitalise(String text) {
    if (text == null || text.isBlank()) {
      return "The request was refused.";
    }
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static void add(FacesMessage.Severity severity, String text) {
    FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
  }
}
