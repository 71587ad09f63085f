package io.mailferry.fetch.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.fetch.domain.FetchedMessage.State;
import io.mailferry.fetch.domain.MessageKey;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.source.pop3.Pop3Mailbox;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Pop3FetchPassTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private final FakeMailbox pop3 = new FakeMailbox(true);
  private final FakeDestination destination = new FakeDestination();
  private final FakeLedger ledger = new FakeLedger();

  @Test
  void aFirstRunAppendsEveryMessageOnceAndLeavesThemOnTheServer() throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    pop3.add("b", message("<b@x>", "two"));
    pop3.add("c", message(null, "three"));

    Pop3FetchPass.Result result = pass(true).run();

    assertThat(result.fetched()).isEqualTo(3);
    assertThat(result.uidl()).isTrue();
    assertThat(destination.bodies()).containsExactlyElementsOf(pop3.bodies());
    assertThat(ledger.states())
        .containsOnlyKeys(key("a"), key("b"), key("c"))
        .allSatisfy((k, s) -> assertThat(s).isEqualTo(State.FETCHED));
    assertThat(pop3.deleted).isEmpty();
    assertThat(pop3.committed).isFalse();
  }

  @Test
  void aSecondRunFetchesOnlyWhatArrivedSince() throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    pass(true).run();
    pop3.retrieved.clear();
    pop3.add("b", message("<b@x>", "two"));

    Pop3FetchPass.Result result = pass(true).run();

    assertThat(result.fetched()).isEqualTo(1);
    assertThat(pop3.retrieved).containsExactly(2);
    assertThat(destination.bodies()).hasSize(2);
  }

  @Test
  void messagesAppendedBeforeACrashAreRecognisedOnTheDestinationNotAppendedAgain()
      throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    pop3.add("b", message("<b@x>", "two"));
    ledger.crashOnAppended = true;
    assertThatThrownBy(() -> pass(true).run()).isInstanceOf(IllegalStateException.class);
    assertThat(destination.bodies()).hasSize(2);
    assertThat(ledger.states()).allSatisfy((k, s) -> assertThat(s).isEqualTo(State.APPENDING));

    ledger.crashOnAppended = false;
    Pop3FetchPass.Result result = pass(true).run();

    assertThat(result.recognised()).isEqualTo(2);
    assertThat(result.fetched()).isZero();
    assertThat(destination.bodies()).hasSize(2);
    assertThat(ledger.states()).allSatisfy((k, s) -> assertThat(s).isEqualTo(State.FETCHED));
  }

  @Test
  void aMessageAnnouncedButNeverAppendedIsFetchedAgain() throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    destination.failAppends = true;
    assertThatThrownBy(() -> pass(true).run()).isInstanceOf(MessagingException.class);
    assertThat(ledger.states()).containsEntry(key("a"), State.APPENDING);

    destination.failAppends = false;
    Pop3FetchPass.Result result = pass(true).run();

    assertThat(result.fetched()).isEqualTo(1);
    assertThat(result.recognised()).isZero();
    assertThat(destination.bodies()).containsExactlyElementsOf(pop3.bodies());
  }

  @Test
  void withoutLeaveOnServerOnlyConfirmedAppendsAreDeletedAtQuit() throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    pop3.add("b", message("<b@x>", "refused"));
    pop3.add("c", message("<c@x>", "three"));
    destination.refuseSubject = "refused";

    Pop3FetchPass.Result result = pass(false).run();

    assertThat(result.fetched()).isEqualTo(2);
    assertThat(result.refused()).isEqualTo(1);
    assertThat(result.deleted()).isEqualTo(2);
    assertThat(pop3.deleted).containsExactlyInAnyOrder(1, 3);
    assertThat(pop3.committed).isTrue();
    assertThat(ledger.deleted).isEqualTo(2);
    assertThat(ledger.states()).containsEntry(key("b"), State.REFUSED);
  }

  @Test
  void aFetchedMessageStillOnTheServerIsDeletedByTheNextRunWithoutAppendingIt() throws Exception {
    pop3.add("a", message("<a@x>", "one"));
    pass(true).run();

    Pop3FetchPass.Result result = pass(false).run();

    assertThat(result.fetched()).isZero();
    assertThat(result.deleted()).isEqualTo(1);
    assertThat(destination.bodies()).hasSize(1);
  }

  @Test
  void aServerWithoutUidlIsReadByFingerprintAndTwoIdenticalMessagesAreBothFetched()
      throws Exception {
    FakeMailbox noUidl = new FakeMailbox(false);
    noUidl.add(null, message("<same@x>", "twin"));
    noUidl.add(null, message("<same@x>", "twin"));
    noUidl.add(null, message("<other@x>", "other"));

    Pop3FetchPass.Result first =
        new Pop3FetchPass(noUidl, destination, ledger, true, () -> null, clock).run();
    Pop3FetchPass.Result second =
        new Pop3FetchPass(noUidl, destination, ledger, true, () -> null, clock).run();

    assertThat(first.uidl()).isFalse();
    assertThat(first.fetched()).isEqualTo(3);
    assertThat(second.fetched()).isZero();
    assertThat(ledger.states().keySet()).allSatisfy(k -> assertThat(k.value()).startsWith("fp:"));
    assertThat(destination.bodies()).hasSize(3);
  }

  @Test
  void aClosedLoadGateStopsBeforeTheNextChunkWithItsReason() throws Exception {
    for (int i = 0; i < Pop3FetchPass.CHUNK_MESSAGES + 5; i++) {
      pop3.add("m" + i, message("<m" + i + "@x>", "message " + i));
    }
    List<String> answers = new ArrayList<>(List.of("open"));
    Pop3FetchPass.Result result =
        new Pop3FetchPass(
                pop3,
                destination,
                ledger,
                true,
                () ->
                    answers.isEmpty()
                        ? "load too high"
                        : answers.remove(0).equals("open") ? null : "",
                clock)
            .run();

    assertThat(result.pausedBecause()).isEqualTo("load too high");
    assertThat(result.fetched()).isEqualTo(Pop3FetchPass.CHUNK_MESSAGES);
    assertThat(destination.bodies()).hasSize(Pop3FetchPass.CHUNK_MESSAGES);
  }

  private Pop3FetchPass pass(boolean leaveOnServer) {
    return new Pop3FetchPass(pop3, destination, ledger, leaveOnServer, () -> null, clock);
  }

  private static MessageKey key(String uidl) {
    return MessageKey.ofUidl(uidl);
  }

  static byte[] message(String messageId, String subject) {
    String text =
        "Received: from mx.example.org by pop.example.org; Mon, 30 Nov 2026 08:00:00 +0000\r\n"
            + (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
            + "From: a@example.org\r\nTo: b@example.org\r\nSubject: "
            + subject
            + "\r\n"
            + "Date: Mon, 30 Nov 2026 07:59:00 +0000\r\n\r\nHello "
            + subject
            + "\r\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A maildrop in memory; numbers from 1 in order of arrival. */
  static final class FakeMailbox implements Pop3Mailbox {
    private final boolean uidl;
    private final List<byte[]> messages = new ArrayList<>();
    private final List<String> uidls = new ArrayList<>();
    final List<Integer> retrieved = new ArrayList<>();
    final Set<Integer> deleted = new HashSet<>();
    boolean committed;

    FakeMailbox(boolean uidl) {
      this.uidl = uidl;
    }

    void add(String uid, byte[] message) {
      uidls.add(uid);
      messages.add(message);
    }

    List<String> bodies() {
      return messages.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    @Override
    public List<Listing> list() {
      List<Listing> listing = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        listing.add(new Listing(i + 1, messages.get(i).length, uidl ? uidls.get(i) : null));
      }
      return listing;
    }

    @Override
    public boolean supportsUidl() {
      return uidl;
    }

    @Override
    public byte[] headers(int number) {
      String text = new String(messages.get(number - 1), StandardCharsets.US_ASCII);
      return text.substring(0, text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] retrieve(int number) {
      retrieved.add(number);
      return messages.get(number - 1).clone();
    }

    @Override
    public void delete(int number) {
      deleted.add(number);
    }

    @Override
    public void commit() {
      committed = true;
    }

    @Override
    public void close() {}
  }

  /** A destination folder in memory: UIDs from 1, fingerprints as sent. */
  static final class FakeDestination implements FetchDestination {
    private final Map<Long, OutgoingMessage> stored = new LinkedHashMap<>();
    private long uidNext = 1;
    boolean failAppends;
    String refuseSubject;

    List<String> bodies() throws IOException {
      List<String> bodies = new ArrayList<>();
      for (OutgoingMessage message : stored.values()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.content().writeTo(out);
        bodies.add(out.toString(StandardCharsets.US_ASCII));
      }
      return bodies;
    }

    @Override
    public long uidNext() {
      return uidNext;
    }

    @Override
    public Map<Fingerprint, Long> fingerprintsFrom(long uid) {
      Map<Fingerprint, Long> found = new HashMap<>();
      stored.forEach(
          (u, m) -> {
            if (u >= uid) {
              found.put(m.fingerprint(), u);
            }
          });
      return found;
    }

    @Override
    public List<AppendOutcome> append(List<OutgoingMessage> messages) throws MessagingException {
      if (failAppends) {
        throw new MessagingException("connection lost");
      }
      List<AppendOutcome> outcomes = new ArrayList<>();
      for (OutgoingMessage message : messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
          message.content().writeTo(out);
        } catch (IOException e) {
          throw new MessagingException("unreadable", e);
        }
        if (refuseSubject != null
            && out.toString(StandardCharsets.US_ASCII).contains(refuseSubject)) {
          outcomes.add(AppendOutcome.rejected("NO [LIMIT] refused"));
        } else {
          stored.put(uidNext, message);
          outcomes.add(AppendOutcome.appended(uidNext++));
        }
      }
      return outcomes;
    }

    @Override
    public void close() {}
  }

  /** The ledger in memory; it can fail like a server killed between APPEND and the record. */
  static final class FakeLedger implements FetchLedger {
    private final Map<MessageKey, Entry> entries = new LinkedHashMap<>();
    boolean crashOnAppended;
    int deleted;

    Map<MessageKey, State> states() {
      Map<MessageKey, State> states = new LinkedHashMap<>();
      entries.forEach((k, e) -> states.put(k, e.state()));
      return states;
    }

    @Override
    public List<Entry> entries() {
      return List.copyOf(entries.values());
    }

    @Override
    public void serverAnswered(boolean uidl, int messages) {}

    @Override
    public void appending(List<PreparedMessage> messages, long uidNext) {
      messages.forEach(
          m -> entries.put(m.key(), new Entry(m.key(), State.APPENDING, m.fingerprint(), uidNext)));
    }

    @Override
    public void appended(List<Outcome> outcomes) {
      if (crashOnAppended) {
        throw new IllegalStateException("the server was killed");
      }
      for (Outcome o : outcomes) {
        Entry e = entries.get(o.message().key());
        entries.put(
            e.key(),
            new Entry(
                e.key(),
                o.refusal() == null ? State.FETCHED : State.REFUSED,
                e.fingerprint(),
                e.uidNext()));
      }
    }

    @Override
    public void recognised(Map<MessageKey, Long> found) {
      found
          .keySet()
          .forEach(
              k -> {
                Entry e = entries.get(k);
                entries.put(k, new Entry(k, State.FETCHED, e.fingerprint(), e.uidNext()));
              });
    }

    @Override
    public void forget(List<MessageKey> keys) {
      keys.forEach(entries::remove);
    }

    @Override
    public void deleted(int messages) {
      deleted += messages;
    }

    @Override
    public void progress(String message) {}
  }
}
