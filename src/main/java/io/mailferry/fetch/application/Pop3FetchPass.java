package io.mailferry.fetch.application;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.fetch.domain.FetchedMessage;
import io.mailferry.fetch.domain.MessageKey;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.source.pop3.Pop3Mailbox;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One pass over a POP3 maildrop: names each message (UIDL, or a fingerprint without it), settles
 * what an interrupted run left APPENDING (found on the destination: recorded; not found: fetched
 * again), then retrieves what the ledger does not hold as fetched and appends it in chunks, each
 * announced in the ledger before its APPEND and recorded after it. Without leave-on-server a
 * message is marked deleted once its APPEND is confirmed, and the deletions take effect at the
 * closing QUIT. A pass run again after a lost connection fetches only what is still missing.
 */
public final class Pop3FetchPass {

  static final int CHUNK_MESSAGES = 50;
  static final long CHUNK_BYTES = 8L * 1024 * 1024;

  /** What a pass did. {@code pausedBecause} is non-null when the load gate stopped it. */
  public record Result(
      int onServer,
      boolean uidl,
      int fetched,
      long bytes,
      int recognised,
      int refused,
      int deleted,
      String pausedBecause) {}

  private final Pop3Mailbox source;
  private final FetchDestination destination;
  private final FetchLedger ledger;
  private final boolean leaveOnServer;
  private final Supplier<String> pauseReason;
  private final Clock clock;

  private int fetched;
  private long bytes;
  private int recognised;
  private int refused;
  private int markedDeleted;

  /**
   * @param pauseReason asked before each chunk: null to go on, else why the fetch must wait
   */
  public Pop3FetchPass(
      Pop3Mailbox source,
      FetchDestination destination,
      FetchLedger ledger,
      boolean leaveOnServer,
      Supplier<String> pauseReason,
      Clock clock) {
    this.source = source;
    this.destination = destination;
    this.ledger = ledger;
    this.leaveOnServer = leaveOnServer;
    this.pauseReason = pauseReason;
    this.clock = clock;
  }

  public Result run() throws MessagingException {
    List<Pop3Mailbox.Listing> listing = source.list();
    boolean uidl = source.supportsUidl();
    ledger.serverAnswered(uidl, listing.size());
    Map<MessageKey, Pop3Mailbox.Listing> named = name(listing, uidl);
    Map<MessageKey, FetchedMessage.State> states = settle(ledger.entries());
    List<PreparedMessage> chunk = new ArrayList<>();
    long chunkBytes = 0;
    String paused = null;
    for (Map.Entry<MessageKey, Pop3Mailbox.Listing> message : named.entrySet()) {
      Pop3Mailbox.Listing item = message.getValue();
      if (states.get(message.getKey()) == FetchedMessage.State.FETCHED) {
        if (!leaveOnServer) {
          source.delete(item.number());
          markedDeleted++;
        }
        continue;
      }
      if (chunk.isEmpty()) {
        paused = pauseReason.get();
        if (paused != null) {
          break;
        }
      }
      byte[] raw = source.retrieve(item.number());
      chunk.add(PreparedMessage.of(message.getKey(), item.number(), raw, clock.instant()));
      chunkBytes += raw.length;
      if (chunk.size() >= CHUNK_MESSAGES || chunkBytes >= CHUNK_BYTES) {
        append(chunk);
        chunk.clear();
        chunkBytes = 0;
      }
    }
    if (!chunk.isEmpty()) {
      append(chunk);
    }
    int deleted = 0;
    if (markedDeleted > 0) {
      source.commit();
      deleted = markedDeleted;
      ledger.deleted(deleted);
    }
    return new Result(listing.size(), uidl, fetched, bytes, recognised, refused, deleted, paused);
  }

  /** Each message's key; identical messages without UIDL are told apart by their order. */
  private Map<MessageKey, Pop3Mailbox.Listing> name(List<Pop3Mailbox.Listing> listing, boolean uidl)
      throws MessagingException {
    Map<MessageKey, Pop3Mailbox.Listing> named = new LinkedHashMap<>();
    Map<Fingerprint, Integer> seen = new HashMap<>();
    for (Pop3Mailbox.Listing item : listing) {
      MessageKey key;
      if (uidl) {
        key = MessageKey.ofUidl(item.uidl());
      } else {
        Fingerprint identity = PreparedMessage.identity(source.headers(item.number()), item.size());
        key = MessageKey.ofFingerprint(identity, seen.merge(identity, 1, Integer::sum));
      }
      if (named.putIfAbsent(key, item) != null) {
        throw new MessagingException(
            "the POP3 server listed the unique-id " + item.uidl() + " twice (RFC 1939 section 7)");
      }
    }
    return named;
  }

  /** Settles the entries an interrupted run left APPENDING; returns every key's state. */
  private Map<MessageKey, FetchedMessage.State> settle(List<FetchLedger.Entry> entries)
      throws MessagingException {
    Map<MessageKey, FetchedMessage.State> states = new HashMap<>();
    List<FetchLedger.Entry> appending = new ArrayList<>();
    for (FetchLedger.Entry entry : entries) {
      states.put(entry.key(), entry.state());
      if (entry.state() == FetchedMessage.State.APPENDING) {
        appending.add(entry);
      }
    }
    if (appending.isEmpty()) {
      return states;
    }
    long from =
        appending.stream().mapToLong(e -> e.uidNext() == null ? 1 : e.uidNext()).min().orElse(1);
    Map<Fingerprint, Long> there = new HashMap<>(destination.fingerprintsFrom(from));
    Map<MessageKey, Long> found = new LinkedHashMap<>();
    List<MessageKey> missing = new ArrayList<>();
    for (FetchLedger.Entry entry : appending) {
      Long uid = there.remove(entry.fingerprint());
      if (uid != null) {
        found.put(entry.key(), uid);
        states.put(entry.key(), FetchedMessage.State.FETCHED);
      } else {
        missing.add(entry.key());
        states.remove(entry.key());
      }
    }
    if (!found.isEmpty()) {
      ledger.recognised(found);
      recognised += found.size();
    }
    if (!missing.isEmpty()) {
      ledger.forget(missing);
    }
    return states;
  }

  private void append(List<PreparedMessage> chunk) throws MessagingException {
    ledger.appending(List.copyOf(chunk), destination.uidNext());
    List<AppendOutcome> outcomes =
        destination.append(chunk.stream().map(PreparedMessage::outgoing).toList());
    List<FetchLedger.Outcome> recorded = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      PreparedMessage message = chunk.get(i);
      AppendOutcome outcome = outcomes.get(i);
      recorded.add(new FetchLedger.Outcome(message, outcome.uid(), outcome.rejection()));
      if (outcome.isAppended()) {
        fetched++;
        bytes += message.bytes().length;
        if (!leaveOnServer) {
          source.delete(message.number());
          markedDeleted++;
        }
      } else {
        refused++;
      }
    }
    ledger.appended(recorded);
    ledger.progress(
        "Fetching: " + fetched + " new " + (fetched == 1 ? "message" : "messages") + " so far");
  }
}
