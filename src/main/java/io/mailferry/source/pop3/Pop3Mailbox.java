package io.mailferry.source.pop3;

import jakarta.mail.MessagingException;
import java.util.List;

/** One logged-in POP3 session (RFC 1939), the port the fetch reads through. */
public interface Pop3Mailbox extends AutoCloseable {

  /** A message of the maildrop: its number in this session, size, and unique-id or null. */
  record Listing(int number, long size, String uidl) {}

  /** LIST and, where the server has it, UIDL (RFC 1939 section 7). */
  List<Listing> list() throws MessagingException;

  /** Whether the server answered UIDL for every message of the listing. */
  boolean supportsUidl();

  /** The header section (TOP n 0). */
  byte[] headers(int number) throws MessagingException;

  /** The whole message as the server sends it (RETR), CRLF line ends, dot-stuffing undone. */
  byte[] retrieve(int number) throws MessagingException;

  /** Marks the message deleted (DELE); the server removes it only at {@link #commit()}. */
  void delete(int number) throws MessagingException;

  /** QUIT: the server enters the UPDATE state and removes the deleted messages (RFC 1939 6). */
  void commit() throws MessagingException;

  /** Drops the session; messages marked deleted stay on the server. */
  @Override
  void close();
}
