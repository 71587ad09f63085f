package io.mailferry.fetch.application;

import io.mailferry.imap.ImapFailure;
import io.mailferry.mailserver.ServerEndpoint;

/**
 * What a failed fetch tells the admin, and whether reconnecting may help: a lost connection or an
 * unreachable server is tried again; a refused login (with the server's own words), a failed TLS
 * check or a refusal is not.
 *
 * @param retryable whether the run reconnects and goes on
 */
record Pop3Failure(boolean retryable, String message) {

  static Pop3Failure of(Throwable failure, ServerEndpoint pop3, ServerEndpoint destination) {
    boolean onDestination = failure instanceof ImapFolderDestination.DestinationFailure;
    ImapFailure kind = ImapFailure.classify(failure);
    if (onDestination) {
      return new Pop3Failure(kind.retryable(), kind.describe("destination", destination, failure));
    }
    if (kind == ImapFailure.AUTHENTICATION) {
      return new Pop3Failure(
          false, "The POP3 server " + pop3 + " refused the login: " + serverWords(failure));
    }
    String message =
        kind == ImapFailure.REFUSED
            ? "The POP3 server " + pop3 + " failed: " + ImapFailure.rootMessage(failure)
            : kind.describe("POP3", pop3, failure);
    return new Pop3Failure(kind.retryable(), message);
  }

  /** The server's answer to the login, without the "-ERR" status (RFC 1939 3). */
  static String serverWords(Throwable failure) {
    String text = failure.getMessage();
    if (text == null || text.isBlank()) {
      return "no reason given";
    }
    text = text.trim();
    return text.startsWith("-ERR") ? text.substring(4).trim() : text;
  }
}
