package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.MessageContent;
import io.mailferry.migration.application.port.FolderStatus;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.testing.InMemoryMailServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a resumed copy finds on the destination after a crash, against the in-memory server. */
class DestinationRecoveryTest {

  private static final Instant DATE = Instant.parse("2020-02-02T08:00:00Z");

  private final InMemoryMailServer destination = new InMemoryMailServer();

  /** The committed state: the folder's mark and the destination UIDs its records name. */
  private final Map<Long, long[]> marks = new HashMap<>();

  private final Set<Long> recorded = new HashSet<>();
  private final DestinationRecovery recovery = EngineFixtures.recovery(marks, recorded);

  private static OutgoingMessage letter(int n) {
    byte[] raw =
        ("Message-ID: <" + n + "@recovery.test>\r\nSubject: " + n + "\r\n\r\nbody " + n + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    return new OutgoingMessage(MessageContent.inMemory(raw, 0, raw.length), "", DATE, null);
  }

  private List<Long> append(String folder, int... numbers) throws Exception {
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int n : numbers) {
      messages.add(letter(n));
    }
    return destination.append(folder, messages).stream().map(o -> o.uid()).toList();
  }

  private Fingerprint fingerprintOf(String folder, long uid) {
    return destination.messagesFrom(folder, uid).entrySet().stream()
        .filter(e -> e.getValue().contains(uid))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  @Test
  void aFolderWhoseMarkWasLostWithItsCommitIsScannedFromTheFirstUid() throws Exception {
    destination.ensureFolder("Archive", true, true);
    List<Long> appended = append("Archive", 1, 2, 3);
    FolderState folder = new FolderState(7, "Archive", null, null);

    recovery.prepare(folder, destination);

    for (long uid : appended) {
      assertThat(recovery.takeUnrecorded(fingerprintOf("Archive", uid))).isEqualTo(uid);
    }
    assertThat(marks.get(7L)[1]).isEqualTo(4);
    assertThat(recovery.isPrepared(folder)).isTrue();
  }

  @Test
  void onlyMessagesAboveTheMarkThatNoRecordNamesAreRecognised() throws Exception {
    destination.ensureFolder("INBOX", true, false);
    append("INBOX", 1, 2);
    FolderStatus status = destination.status("INBOX");
    List<Long> recordedAhead = append("INBOX", 3);
    List<Long> lost = append("INBOX", 4);
    recorded.addAll(recordedAhead);
    FolderState folder = new FolderState(8, "INBOX", status.uidValidity(), status.uidNext());

    recovery.prepare(folder, destination);

    assertThat(recovery.takeUnrecorded(fingerprintOf("INBOX", recordedAhead.get(0)))).isNull();
    assertThat(recovery.takeUnrecorded(fingerprintOf("INBOX", lost.get(0)))).isEqualTo(lost.get(0));
    assertThat(recovery.takeUnrecorded(fingerprintOf("INBOX", 1))).isNull();
    assertThat(marks).doesNotContainKey(8L);
  }

  @Test
  void whenEverythingAboveTheMarkIsRecordedTheMarkMovesUp() throws Exception {
    destination.ensureFolder("INBOX", true, false);
    FolderStatus status = destination.status("INBOX");
    recorded.addAll(append("INBOX", 1, 2));
    FolderState folder = new FolderState(9, "INBOX", status.uidValidity(), status.uidNext());

    recovery.prepare(folder, destination);

    assertThat(marks.get(9L)[1]).isEqualTo(destination.status("INBOX").uidNext());
    assertThat(folder.destUidNext).isEqualTo(destination.status("INBOX").uidNext());
  }

  @Test
  void identicalMessagesAppendedBeforeTheCrashAreEachHandedOutOnce() throws Exception {
    destination.ensureFolder("INBOX", true, false);
    List<Long> twins = append("INBOX", 5, 5);
    FolderState folder = new FolderState(10, "INBOX", null, null);

    recovery.prepare(folder, destination);

    Fingerprint fingerprint = fingerprintOf("INBOX", twins.get(0));
    assertThat(List.of(recovery.takeUnrecorded(fingerprint), recovery.takeUnrecorded(fingerprint)))
        .containsExactlyElementsOf(twins);
    assertThat(recovery.takeUnrecorded(fingerprint)).isNull();
  }

  @Test
  void aNewDestinationFolderIsCreatedAndNeedsNoScan() throws Exception {
    FolderState folder = new FolderState(11, "Projects/2024", null, null);

    recovery.prepare(folder, destination);

    assertThat(destination.uids("Projects/2024")).isEmpty();
    FolderStatus created = destination.status("Projects/2024");
    assertThat(marks.get(11L)).containsExactly(created.uidValidity(), created.uidNext());
  }

  @Test
  void afterALostConnectionMessagesStatusDoesNotShowYetAreFoundByOpeningTheFolder()
      throws Exception {
    destination.ensureFolder("INBOX", true, false);
    recorded.addAll(append("INBOX", 1, 2));
    FolderStatus mark = destination.status("INBOX");
    FolderState folder = new FolderState(12, "INBOX", mark.uidValidity(), mark.uidNext());
    List<Long> savedAsTheServerDied = append("INBOX", 3, 4);

    recovery.afterConnectionLost();
    recovery.prepare(folder, statusAnswering(mark));

    for (long uid : savedAsTheServerDied) {
      assertThat(recovery.takeUnrecorded(fingerprintOf("INBOX", uid))).isEqualTo(uid);
    }
    assertThat(recovery.takeUnrecorded(fingerprintOf("INBOX", 1))).isNull();
  }

  /**
   * The destination as a Dovecot restarted after a crash mid-save answers: STATUS as it was before
   * the save (the messages are in the folder, not yet numbered), everything else as it is.
   */
  private MailDestination statusAnswering(FolderStatus before) {
    return (MailDestination)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MailDestination.class},
            (proxy, method, args) -> {
              if (method.getName().equals("status")) {
                return before;
              }
              try {
                return method.invoke(destination, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
