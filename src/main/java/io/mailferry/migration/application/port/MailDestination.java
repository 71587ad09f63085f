package io.mailferry.migration.application.port;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's port to the server mail is copied into. The IMAP adapter is {@code
 * destination.imap.ImapDestination}; every implementation passes the same contract suite ({@code
 * MailDestinationContract} in the tests).
 */
public interface MailDestination extends AutoCloseable {

  /** The personal namespace prefix, e.g. "INBOX." or "". */
  String namespacePrefix();

  char separator();

  /** Every folder's name (its subscription is not reported). */
  List<ListedFolder> listFolders() throws MessagingException;

  /**
   * Creates the folder (and its parents) unless it exists; subscribes it when asked.
   *
   * @throws FolderCreationException when the server refuses to create it, with its words
   */
  void ensureFolder(String fullName, boolean holdsMessages, boolean subscribe)
      throws FolderCreationException, MessagingException;

  /** The folder's {UIDVALIDITY, UIDNEXT}. */
  FolderStatus status(String fullName) throws MessagingException;

  /**
   * Appends the messages in order and says, for each, its UID (where the server tells) or why it
   * was refused. A failure of the connection, or a full mailbox, is thrown instead.
   */
  List<AppendOutcome> append(String fullName, List<OutgoingMessage> messages)
      throws MessagingException;

  /** The messages at or above {@code fromUid} by fingerprint, each with its UIDs ascending. */
  Map<Fingerprint, List<Long>> messagesFrom(String fullName, long fromUid)
      throws MessagingException;

  /** Every UID the folder holds now. */
  Set<Long> uids(String fullName) throws MessagingException;

  /** Adds and removes flags of messages by UID; lists are IMAP flag lists without parentheses. */
  void changeFlags(String fullName, List<FlagChange> changes) throws MessagingException;

  /** A flag change for one destination message. */
  record FlagChange(long uid, String add, String remove) {}

  @Override
  void close();
}
