package io.mailferry.migration.application;

import static io.mailferry.migration.application.EngineFixtures.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.migration.application.ChunkAppender.Transfer;
import io.mailferry.migration.application.ChunkLedger.NewRecord;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.testing.InMemoryMailServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What appending a chunk does on the destination, and what it reports for the ledger. */
class ChunkAppenderTest {

  @TempDir Path spool;

  private final InMemoryMailServer source = new InMemoryMailServer();
  private final InMemoryMailServer destination = new InMemoryMailServer();
  private final Map<Long, long[]> marks = new HashMap<>();
  private final Set<Long> recorded = new HashSet<>();
  private final DestinationRecovery recovery = EngineFixtures.recovery(marks, recorded);
  private final AtomicInteger fenceChecks = new AtomicInteger();
  private final ChunkAppender appender =
      new ChunkAppender(() -> destination, recovery, fenceChecks::incrementAndGet, false);

  private FolderBatch read(FolderState folder) throws Exception {
    return new FolderReader(() -> source, (d, s) -> null, 100, spool, "kim@appender.test")
        .read(folder);
  }

  @Test
  void appendsEveryMessageInOrderWithItsFlagsAndDateAndRecordsTheDestinationUids()
      throws Exception {
    deliver(source, "INBOX", 3);
    source.deliver("INBOX", EngineFixtures.letter(4, 2), Set.of("\\Seen"), EngineFixtures.DATE);
    FolderState inbox = new FolderState(1, "INBOX", null, null);
    recovery.prepare(inbox, destination);

    Transfer transfer = appender.append(read(inbox), Map.of());

    assertThat(destination.messages("INBOX")).hasSize(4);
    assertThat(destination.messages("INBOX").values())
        .extracting(InMemoryMailServer.Stored::raw)
        .containsExactlyElementsOf(
            source.messages("INBOX").values().stream()
                .map(InMemoryMailServer.Stored::raw)
                .toList());
    assertThat(destination.messages("INBOX").get(4L).flags()).containsExactly("\\Seen");
    assertThat(destination.messages("INBOX").get(4L).internalDate()).isEqualTo(EngineFixtures.DATE);
    assertThat(transfer.records()).extracting(NewRecord::destUid).containsExactly(1L, 2L, 3L, 4L);
    assertThat(transfer.messages()).isEqualTo(4);
    assertThat(transfer.destUidNext()).isEqualTo(5L);
    assertThat(transfer.errors()).isEmpty();
    assertThat(fenceChecks).hasValue(1);
  }

  @Test
  void aMessageTheDestinationRefusesIsReportedWithTheServersWordsAndTheOthersAreCopied()
      throws Exception {
    source.deliver("INBOX", EngineFixtures.letter(1, 1), Set.of(), EngineFixtures.DATE);
    source.deliver("INBOX", EngineFixtures.letter(2, 400), Set.of(), EngineFixtures.DATE);
    source.deliver("INBOX", EngineFixtures.letter(3, 1), Set.of(), EngineFixtures.DATE);
    destination.refuseLargerThan(1_000);
    FolderState inbox = new FolderState(1, "INBOX", null, null);
    recovery.prepare(inbox, destination);

    Transfer transfer = appender.append(read(inbox), Map.of());

    assertThat(destination.messages("INBOX")).hasSize(2);
    assertThat(transfer.records()).hasSize(2);
    assertThat(transfer.errors()).hasSize(1);
    assertThat(transfer.errors().get(0).uid()).isEqualTo(2L);
    assertThat(transfer.errors().get(0).kind()).isEqualTo(MessageErrorKind.REFUSED);
    assertThat(transfer.errors().get(0).reason())
        .isEqualTo("refused by the destination: [TOOBIG] Message too large");
  }

  @Test
  void messagesAppendedBeforeACrashButNotRecordedAreRecordedAgainNotAppendedAgain()
      throws Exception {
    deliver(source, "INBOX", 4);
    FolderState inbox = new FolderState(1, "INBOX", null, null);
    recovery.prepare(inbox, destination);
    FolderBatch first = read(inbox);
    appender.append(first, Map.of());
    // the crash: nothing of that chunk was committed, so the next run starts with no mark
    InMemoryMailServer sameDestination = destination;
    DestinationRecovery afterCrash = EngineFixtures.recovery(new HashMap<>(), Set.of());
    FolderState again = new FolderState(1, "INBOX", null, null);
    afterCrash.prepare(again, sameDestination);

    Transfer transfer =
        new ChunkAppender(() -> sameDestination, afterCrash, () -> {}, false)
            .append(read(again), Map.of());

    assertThat(sameDestination.messages("INBOX")).hasSize(4);
    assertThat(transfer.foundOnDestination()).isEqualTo(4);
    assertThat(transfer.records()).extracting(NewRecord::destUid).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aMessageARecordOfAnEarlierUidValidityNamesIsRenumberedNotCopied() throws Exception {
    deliver(source, "INBOX", 2);
    FolderState inbox = new FolderState(1, "INBOX", null, null);
    recovery.prepare(inbox, destination);
    FolderBatch batch = read(inbox);
    String fingerprint = batch.entries.get(0).ref().fingerprint().value();
    var old =
        new io.mailferry.migration.domain.MigratedMessage(
            null,
            io.mailferry.migration.domain.UidValidity.of(7),
            io.mailferry.migration.domain.Uid.of(9),
            batch.entries.get(0).ref().fingerprint(),
            1L,
            "",
            1);
    var id = io.mailferry.migration.domain.MigratedMessage.class.getDeclaredField("id");
    id.setAccessible(true);
    id.set(old, 77L);
    Map<String, List<io.mailferry.migration.domain.MigratedMessage>> stale = new HashMap<>();
    stale.put(fingerprint, new java.util.ArrayList<>(List.of(old)));

    Transfer transfer = appender.append(batch, stale);

    assertThat(transfer.renumbered()).hasSize(1);
    assertThat(transfer.renumbered().get(0).recordId()).isEqualTo(77L);
    assertThat(transfer.renumbered().get(0).uid().value()).isEqualTo(1L);
    assertThat(destination.messages("INBOX")).hasSize(1);
  }

  @Test
  void anInstanceThatLostTheMailboxWritesNothing() throws Exception {
    deliver(source, "INBOX", 2);
    FolderState inbox = new FolderState(1, "INBOX", null, null);
    recovery.prepare(inbox, destination);
    ChunkAppender fenced =
        new ChunkAppender(
            () -> destination,
            recovery,
            () -> {
              throw new MailboxStoppedException("lease lost", null);
            },
            false);

    assertThatThrownBy(() -> fenced.append(read(inbox), Map.of()))
        .isInstanceOf(MailboxStoppedException.class);
    assertThat(destination.messages("INBOX")).isEmpty();
  }
}
