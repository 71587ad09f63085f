package io.mailferry.imap;

import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** What a failure talking to a mail server means for the migration. */
public enum ImapFailure {
  /** Wrong login or password: retrying cannot help. */
  AUTHENTICATION(false),
  /** The server cannot be reached at all (refused, unknown host): retried with back-off. */
  UNREACHABLE(true),
  /** The server's TLS certificate is not trusted, or TLS could not be negotiated. */
  TLS(false),
  /** The mailbox or account is over quota (RFC 5530 OVERQUOTA / LIMIT). */
  QUOTA(false),
  /** The connection dropped or timed out: reconnect and continue. */
  TRANSIENT(true),
  /**
   * The server refused for now and says so (RFC 5530 UNAVAILABLE, INUSE, LIMIT): the same command
   * is tried again after a pause. A LIMIT that names the message's size (Dovecot's "Mail size is
   * too large") is {@link #TOO_BIG} instead: trying again cannot help.
   */
  TRY_AGAIN(true),
  /** The target folder does not exist (RFC 3501 TRYCREATE): create it and try again. */
  TRY_CREATE(false),
  /** The message is larger than the server accepts (RFC 7889 TOOBIG). */
  TOO_BIG(false),
  /** The server sent what no honest server sends (an oversized literal): stop, say so. */
  BROKEN_SERVER(false),
  /** The server refused this one thing (a message, a folder); a NO response. */
  REFUSED(false);

  private final boolean retryable;

  ImapFailure(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  public static ImapFailure classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailedException) {
        return AUTHENTICATION;
      }
      // Angus Mail passes the guard's exception on as text only (a BYE it makes up)
      if (t instanceof OversizedLiteralException
          || (t.getMessage() != null && t.getMessage().contains(OVERSIZED))) {
        return BROKEN_SERVER;
      }
      if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
        return TLS;
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException) {
        return UNREACHABLE;
      }
      String text = t.getMessage() == null ? "" : t.getMessage().toUpperCase(Locale.ROOT);
      if (text.contains("[OVERQUOTA]")
          || text.contains("QUOTA EXCEEDED")
          || text.contains("OVER QUOTA")) {
        return QUOTA;
      }
      if (text.contains("[LIMIT]") && SIZE_WORDS.matcher(text).find()) {
        return TOO_BIG;
      }
      if (text.contains("[UNAVAILABLE]") || text.contains("[INUSE]") || text.contains("[LIMIT]")) {
        return TRY_AGAIN;
      }
      if (text.contains("[TRYCREATE]")) {
        return TRY_CREATE;
      }
      if (text.contains("[TOOBIG]")) {
        return TOO_BIG;
      }
      if (t instanceof SSLException && !(t.getCause() instanceof SocketTimeoutException)) {
        return TLS;
      }
      if (t instanceof FolderClosedException
          || t instanceof StoreClosedException
          || t instanceof org.eclipse.angus.mail.iap.ConnectionException
          || t instanceof SocketTimeoutException
          || t instanceof IOException) {
        return TRANSIENT;
      }
    }
    return REFUSED;
  }

  /** A sentence for the status page, naming the server's role ("source" or "destination"). */
  public String describe(String role, ServerEndpoint endpoint, Throwable failure) {
    String detail = rootMessage(failure);
    return switch (this) {
      case AUTHENTICATION ->
          "The "
              + role
              + " server "
              + endpoint
              + " rejected the login: wrong user name or password";
      case UNREACHABLE -> "The " + role + " server " + endpoint + " cannot be reached: " + detail;
      case TLS ->
          "The "
              + role
              + " server "
              + endpoint
              + " failed the TLS check (certificate not trusted or TLS not possible): "
              + detail;
      case QUOTA -> "The " + role + " mailbox is full (quota exceeded): " + detail;
      case TRANSIENT ->
          "The connection to the " + role + " server " + endpoint + " was lost: " + detail;
      case TRY_AGAIN ->
          "The " + role + " server " + endpoint + " asked to try again later: " + detail;
      case TRY_CREATE -> "The " + role + " folder does not exist: " + detail;
      case TOO_BIG ->
          "The " + role + " server " + endpoint + " refused a message as too big: " + detail;
      case BROKEN_SERVER ->
          "The " + role + " server " + endpoint + " sent more than Mailferry accepts: " + detail;
      case REFUSED -> "The " + role + " server " + endpoint + " refused: " + detail;
    };
  }

  public static String rootMessage(Throwable failure) {
    Throwable t = failure;
    String message = failure.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? failure.getClass().getSimpleName() : serverText(message);
  }

  private static final Pattern SIZE_WORDS = Pattern.compile("SIZE|TOO LARGE|TOO BIG");

  private static final Pattern TAGGED_STATUS = Pattern.compile("^(?:[A-Za-z0-9]+ )?(?:NO|BAD) ");
  private static final Pattern DOVECOT_TIMING =
      Pattern.compile("\\s*\\(\\d+\\.\\d+( \\+ \\d+\\.\\d+)* secs\\)\\.?$");

  private static final String OVERSIZED = OversizedLiteralException.class.getName();

  /** A server's answer without the command tag, the NO/BAD and Dovecot's timing suffix. */
  static String serverText(String message) {
    int oversized = message.indexOf(OVERSIZED + ": ");
    if (oversized >= 0) {
      return message.substring(oversized + OVERSIZED.length() + 2);
    }
    String text = TAGGED_STATUS.matcher(message).replaceFirst("");
    text = DOVECOT_TIMING.matcher(text).replaceFirst("");
    return text.isBlank() ? message : text;
  }
}
