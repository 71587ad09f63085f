package io.mailferry.fetch.application;

import io.mailferry.fetch.domain.FetchedMessage;
import io.mailferry.fetch.domain.MessageKey;
import io.mailferry.migration.domain.Fingerprint;
import java.util.List;
import java.util.Map;

/**
 * What one fetch has fetched, and its progress: the port over the database. Each call is its own
 * committed transaction, so that an entry written {@link #appending} is on disk before the APPEND
 * it announces.
 */
public interface FetchLedger {

  record Entry(MessageKey key, FetchedMessage.State state, Fingerprint fingerprint, Long uidNext) {}

  /** An appended or refused message. */
  record Outcome(PreparedMessage message, Long destinationUid, String refusal) {}

  List<Entry> entries();

  void serverAnswered(boolean uidl, int messages);

  void appending(List<PreparedMessage> messages, long destinationUidNext);

  void appended(List<Outcome> outcomes);

  /** Entries left APPENDING by an earlier run, found on the destination (key to its UID). */
  void recognised(Map<MessageKey, Long> found);

  /** Entries left APPENDING by an earlier run, not on the destination: fetched again. */
  void forget(List<MessageKey> keys);

  /** Messages the server removed at QUIT. */
  void deleted(int messages);

  void progress(String message);
}
