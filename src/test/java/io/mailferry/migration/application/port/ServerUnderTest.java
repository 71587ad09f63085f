package io.mailferry.migration.application.port;

import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A server the port contract suites run against, with a way in beside the port under test: to put
 * mail there as delivery would, take it away, and read back what the server holds.
 */
interface ServerUnderTest extends AutoCloseable {

  MailSource source() throws Exception;

  MailDestination destination() throws Exception;

  /** Stores a message in the folder (created if need be), as delivery would. */
  void deliver(String folder, byte[] raw, Set<String> flags, Instant date) throws Exception;

  /** Expunges the folder's n-th message (1-based, in UID order). */
  void expunge(String folder, int n) throws Exception;

  /** The folders the account subscribes, levels joined by "/". */
  List<String> subscribed() throws Exception;

  /** The folder's messages as a user's client reads them. */
  List<MessageSnapshot> messages(String folder) throws Exception;

  @Override
  void close() throws Exception;
}
