package io.mailferry.fetch.application;

import io.mailferry.fetch.domain.MessageKey;
import java.util.List;
import java.util.Map;

/** The ledger of one fetch, kept in the database through {@link FetchRecords}. */
record DatabaseLedger(long fetchId, FetchRecords records) implements FetchLedger {

  @Override
  public List<Entry> entries() {
    return records.entries(fetchId);
  }

  @Override
  public void serverAnswered(boolean uidl, int messages) {
    records.serverAnswered(fetchId, uidl, messages);
  }

  @Override
  public void appending(List<PreparedMessage> messages, long destinationUidNext) {
    records.appending(fetchId, messages, destinationUidNext);
  }

  @Override
  public void appended(List<Outcome> outcomes) {
    records.appended(fetchId, outcomes);
  }

  @Override
  public void recognised(Map<MessageKey, Long> found) {
    records.recognised(fetchId, found);
  }

  @Override
  public void forget(List<MessageKey> keys) {
    records.forget(fetchId, keys);
  }

  @Override
  public void deleted(int messages) {
    records.deleted(fetchId, messages);
  }

  @Override
  public void progress(String message) {
    records.progress(fetchId, message);
  }
}
