package io.mailferry.migration.application;

import static io.mailferry.migration.application.EngineFixtures.deliver;
import static io.mailferry.migration.application.EngineFixtures.uids;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.testing.InMemoryMailServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the copy reads a source folder: chunk by chunk, each message served or its reason. */
class FolderReaderTest {

  @TempDir Path spool;

  private final InMemoryMailServer server = new InMemoryMailServer();
  private final FolderState inbox = new FolderState(1, "INBOX", null, null);

  private FolderReader reader(int chunkMessages, FolderReader.Rules rules) {
    return new FolderReader(() -> server, rules, chunkMessages, spool, "kim@reader.test");
  }

  /** A reader of chunks of 10 whose source tells {@code opened} every folder it opens. */
  private FolderReader countingReader(List<String> opened) {
    return readerOfTen(() -> EngineFixtures.countingOpens(server, opened));
  }

  /** As {@link #countingReader}, and its source tells {@code opened} of every FETCH sent ahead. */
  private FolderReader aheadCountingReader(List<String> opened) {
    return readerOfTen(() -> EngineFixtures.countingOpensAndFetchesAhead(server, opened));
  }

  private FolderReader readerOfTen(Supplier<MailSource> source) {
    return new FolderReader(source, (deleted, size) -> null, 10, spool, "kim@reader.test");
  }

  private FolderReader reader(int chunkMessages) {
    return reader(chunkMessages, (deleted, size) -> null);
  }

  @Test
  void readsAFolderInUidOrderChunkByChunkThenItsEndWithEverySourceUid() throws Exception {
    deliver(server, "INBOX", 7);
    FolderReader reader = reader(3);

    FolderBatch first = reader.read(inbox);
    FolderBatch second = reader.read(inbox);
    FolderBatch third = reader.read(inbox);
    FolderBatch end = reader.read(inbox);

    assertThat(uids(first)).containsExactly(1L, 2L, 3L);
    assertThat(uids(second)).containsExactly(4L, 5L, 6L);
    assertThat(uids(third)).containsExactly(7L);
    assertThat(first.entries).allSatisfy(e -> assertThat(e.content()).isNotNull());
    assertThat(end.endOfFolder).isTrue();
    assertThat(end.entries).isEmpty();
    assertThat(end.sourceUids).extracting(Uid::value).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void resumesAfterTheCommittedCheckpoint() throws Exception {
    deliver(server, "INBOX", 5);
    try (var open = server.open("INBOX")) {
      inbox.uidValidity = open.uidValidity().value();
    }
    inbox.lastUid = 3;

    FolderBatch batch = reader(10).read(inbox);

    assertThat(uids(batch)).containsExactly(4L, 5L);
    assertThat(batch.reconcile).isFalse();
  }

  @Test
  void aNewUidValidityReadsTheFolderFromTheStartToReconcileByFingerprint() throws Exception {
    deliver(server, "INBOX", 4);
    inbox.uidValidity = 42L;
    inbox.lastUid = 3;

    FolderBatch batch = reader(10).read(inbox);

    assertThat(uids(batch)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(batch.reconcile).isTrue();
  }

  @Test
  void aMessageListedButNeverServedIsUnreadableAndOneExpungedMidFetchIsGone() throws Exception {
    deliver(server, "INBOX", 4);
    server.withhold("INBOX", 2);
    FolderReader reader =
        new FolderReader(
            () -> EngineFixtures.listingHook(server, listed -> server.expunge("INBOX", 3)),
            (deleted, size) -> null,
            10,
            spool,
            "kim@reader.test");

    FolderBatch batch = reader.read(inbox);

    assertThat(uids(batch)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(batch.entries.get(0).content()).isNotNull();
    assertThat(batch.entries.get(1).skipKind()).isEqualTo(MessageErrorKind.UNREADABLE);
    assertThat(batch.entries.get(1).skipReason())
        .isEqualTo("the source server did not return the message's content");
    assertThat(batch.entries.get(2).skipKind()).isEqualTo(MessageErrorKind.GONE);
    assertThat(batch.entries.get(2).skipReason()).isEqualTo("expunged on the source while copying");
    assertThat(batch.entries.get(3).content()).isNotNull();
  }

  @Test
  void aRuleLeavesMessagesOutWithItsReasonAndNothingIsFetchedForThem() throws Exception {
    server.deliver("INBOX", EngineFixtures.letter(1, 1), Set.of("\\Deleted"), EngineFixtures.DATE);
    server.deliver("INBOX", EngineFixtures.letter(2, 1), Set.of("\\Seen"), EngineFixtures.DATE);

    FolderBatch batch =
        reader(10, (deleted, size) -> deleted ? "deleted on the source (\\Deleted)" : null)
            .read(inbox);

    assertThat(batch.entries.get(0).skipKind()).isEqualTo(MessageErrorKind.RULE);
    assertThat(batch.entries.get(0).content()).isNull();
    assertThat(batch.entries.get(0).skipReason()).startsWith("deleted on the source");
    assertThat(batch.entries.get(1).content()).isNotNull();
  }

  @Test
  void theGapPassReadsAgainOnlyWhatTheRunHasNotAccountedForAndSkipsWhatIsGone() throws Exception {
    deliver(server, "INBOX", 6);
    FolderReader reader = reader(2);
    FolderBatch end;
    do {
      end = reader.read(inbox);
    } while (!end.endOfFolder);
    server.expunge("INBOX", 4);
    Set<Long> superseded = new HashSet<>();
    FolderReader.Accounting accounting = accounting(Set.of(1L, 3L, 6L), superseded);

    GapPass gap = reader.startGapPass(inbox, end, accounting);
    FolderBatch missing = reader.readMissing(inbox, gap);

    assertThat(end.sourceMessages).isEqualTo(6);
    assertThat(superseded).containsExactly(1L);
    // two UIDs a chunk: 2 and 4 are asked for, 4 is gone; then 5
    assertThat(uids(missing)).containsExactly(2L);
    assertThat(uids(reader.readMissing(inbox, gap))).containsExactly(5L);
    assertThat(reader.readMissing(inbox, gap)).isNull();
    assertThat(gap.end()).isSameAs(end);
  }

  @Test
  void aGapPassWithNothingMissingTouchesNoError() throws Exception {
    deliver(server, "INBOX", 2);
    FolderReader reader = reader(10);
    reader.read(inbox);
    FolderBatch end = reader.read(inbox);
    List<Long> superseded = new java.util.ArrayList<>();

    GapPass gap = reader.startGapPass(inbox, end, accounting(Set.of(1L, 2L), superseded));

    assertThat(gap.isDone()).isTrue();
    assertThat(reader.readMissing(inbox, gap)).isNull();
    assertThat(superseded).isEmpty();
  }

  @Test
  void readingAnotherFolderClosesTheOpenOneAndReadingItAgainResumesAtItsCheckpoint()
      throws Exception {
    deliver(server, "INBOX", 3);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new java.util.ArrayList<>();
    FolderReader reader =
        new FolderReader(
            () -> EngineFixtures.countingOpens(server, opened),
            (deleted, size) -> null,
            2,
            spool,
            "kim@reader.test");

    assertThat(uids(reader.read(inbox))).containsExactly(1L, 2L);
    assertThat(uids(reader.read(sent))).containsExactly(1L, 2L);
    // nothing of INBOX was recorded: it is read again from its committed checkpoint
    assertThat(uids(reader.read(inbox))).containsExactly(1L, 2L);
    assertThat(opened).containsExactly("INBOX", "Sent", "INBOX");
  }

  @Test
  void aFolderEndFollowedByTheNextFoldersFirstChunkStartsItsGapPassWithoutGoingBack()
      throws Exception {
    deliver(server, "INBOX", 3);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new java.util.ArrayList<>();
    FolderReader reader = countingReader(opened);
    reader.read(inbox);
    FolderBatch end = reader.read(inbox);
    end.following = reader.read(sent);
    FolderReader.Accounting everything = accounting(Set.of(1L, 2L, 3L), new ArrayList<>());

    GapPass gap = reader.startGapPass(inbox, end, everything);

    assertThat(gap.isDone()).isTrue();
    assertThat(opened).containsExactly("INBOX", "Sent");
    assertThat(uids(end.following)).containsExactly(1L, 2L);
  }

  @Test
  void theLastChunkReadWithTheNextFolderBringsItsEndAlongAndOpensTheNextAhead() throws Exception {
    deliver(server, "INBOX", 3);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new java.util.ArrayList<>();
    FolderReader reader = countingReader(opened);

    FolderBatch last = reader.read(inbox, List.of(sent));
    assertThat(uids(last)).containsExactly(1L, 2L, 3L);
    assertThat(opened).containsExactly("INBOX", "Sent ahead, after UID 0");
    FolderBatch end = reader.read(inbox, List.of(sent));
    end.following = reader.read(sent);
    GapPass gap =
        reader.startGapPass(inbox, end, accounting(Set.of(1L, 2L, 3L), new ArrayList<>()));

    assertThat(end.endOfFolder).isTrue();
    assertThat(end.sourceUids).extracting(Uid::value).containsExactly(1L, 2L, 3L);
    assertThat(gap.isDone()).isTrue();
    assertThat(uids(end.following)).containsExactly(1L, 2L);
    assertThat(opened)
        .as("INBOX's end and gap pass without opening it again")
        .containsExactly("INBOX", "Sent ahead, after UID 0", "Sent");
  }

  @Test
  void theNextFolderIsOpenedAheadAlongWithTheLastChunksFetchWhenTheRestFitsOneChunk()
      throws Exception {
    deliver(server, "INBOX", 15);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new ArrayList<>();
    FolderReader reader = countingReader(opened);

    assertThat(uids(reader.read(inbox, List.of(sent)))).hasSize(10);
    assertThat(opened)
        .as("the last five are asked for ahead, Sent's opening right behind them")
        .containsExactly("INBOX", "Sent ahead, after UID 0");
    assertThat(uids(reader.read(inbox, List.of(sent)))).containsExactly(11L, 12L, 13L, 14L, 15L);
    FolderBatch end = reader.read(inbox, List.of(sent));
    assertThat(end.endOfFolder).isTrue();
    assertThat(end.sourceUids).hasSize(15);
    assertThat(uids(reader.read(sent))).containsExactly(1L, 2L);
  }

  @Test
  void theNextFolderIsOpenedAheadBehindTheLastChunkAskedForTwoAhead() throws Exception {
    deliver(server, "INBOX", 25);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new ArrayList<>();
    FolderReader reader = aheadCountingReader(opened);

    assertThat(uids(reader.read(inbox, List.of(sent)))).hasSize(10);
    assertThat(opened)
        .as("INBOX's last five are asked for two chunks ahead, Sent's opening right behind them")
        .containsExactly(
            "INBOX",
            "contents ahead, UIDs 11 to 20",
            "contents ahead, UIDs 21 to 25",
            "Sent ahead, after UID 0");
    assertThat(uids(reader.read(inbox, List.of(sent)))).hasSize(10);
    assertThat(uids(reader.read(inbox, List.of(sent)))).containsExactly(21L, 22L, 23L, 24L, 25L);
    FolderBatch end = reader.read(inbox, List.of(sent));
    assertThat(end.endOfFolder).isTrue();
    assertThat(end.sourceUids).hasSize(25);
    assertThat(uids(reader.read(sent))).containsExactly(1L, 2L);
  }

  @Test
  void theNextTwoChunksAreAskedForAheadUnlessTheNextReadsAMessageInPieces() throws Exception {
    deliver(server, "INBOX", 35);
    byte[] large = EngineFixtures.letter(36, 45_000);
    server.deliver("INBOX", large, Set.of(), EngineFixtures.DATE);
    deliver(server, "INBOX", 9);
    List<String> opened = new ArrayList<>();
    FolderReader reader = aheadCountingReader(opened);

    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(opened)
        .containsExactly("INBOX", "contents ahead, UIDs 11 to 20", "contents ahead, UIDs 21 to 30");
    opened.clear();
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(opened)
        .as("21 to 30 is on its way (sent once: the source drops the repeat), 31 to 40 joins it")
        .containsExactly("contents ahead, UIDs 21 to 30", "contents ahead, UIDs 31 to 40");
    opened.clear();
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(opened)
        .as("31 to 40 reads UID 36 in pieces, with commands that would drop what is behind it")
        .containsExactly("contents ahead, UIDs 31 to 40");
    opened.clear();
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(opened)
        .as("the listing of what follows asked for behind the pieces of UID 36")
        .containsExactly("listing ahead, after UID 40", "read in pieces, UIDs 31 to 40");
    assertThat(uids(reader.read(inbox))).containsExactly(41L, 42L, 43L, 44L, 45L);
  }

  @Test
  void theNextListingIsAskedForBehindTheLastListedChunksFetch() throws Exception {
    deliver(server, "INBOX", 45);
    List<String> opened = new ArrayList<>();
    FolderReader reader = aheadCountingReader(opened);

    assertThat(uids(reader.read(inbox))).hasSize(10);
    opened.clear();
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(opened)
        .as("31 to 40 ends what is listed: the listing after it goes behind its FETCH")
        .containsExactly(
            "contents ahead, UIDs 21 to 30",
            "contents ahead, UIDs 31 to 40",
            "listing ahead, after UID 40");
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(uids(reader.read(inbox))).hasSize(10);
    assertThat(uids(reader.read(inbox))).containsExactly(41L, 42L, 43L, 44L, 45L);
  }

  @Test
  void aLastChunkWithAMessageReadInPiecesOpensTheNextFolderBehindIt() throws Exception {
    deliver(server, "INBOX", 14);
    byte[] large = EngineFixtures.letter(15, 45_000);
    assertThat(large.length).isGreaterThan(1024 * 1024);
    server.deliver("INBOX", large, Set.of(), EngineFixtures.DATE);
    deliver(server, "Sent", 2);
    FolderState sent = new FolderState(2, "Sent", null, null);
    List<String> opened = new ArrayList<>();
    FolderReader reader = countingReader(opened);

    reader.read(inbox, List.of(sent));
    assertThat(opened).containsExactly("INBOX");
    assertThat(uids(reader.read(inbox, List.of(sent)))).containsExactly(11L, 12L, 13L, 14L, 15L);
    assertThat(opened)
        .as(
            "opened ahead once UID 15 is asked for, not once it is read (sent once: the source"
                + " drops the repeat)")
        .containsExactly(
            "INBOX",
            "Sent ahead, after UID 0",
            "read in pieces, UIDs 11 to 15",
            "Sent ahead, after UID 0");
  }

  @Test
  void foldersThatComeWholeWithTheirOpeningAreOpenedAheadOneBehindTheOther() throws Exception {
    deliver(server, "INBOX", 3);
    deliver(server, "Sent", 2);
    deliver(server, "Drafts", 1);
    FolderState sent = new FolderState(2, "Sent", null, null);
    FolderState drafts = new FolderState(3, "Drafts", null, null);
    List<String> opened = new java.util.ArrayList<>();
    CopyParts parts =
        new CopyParts(null, countingReader(opened), null, null, null, null, null, null, null, null);

    FolderBatch last = parts.readAhead(inbox, List.of(sent, drafts), handOver -> {});
    FolderBatch inboxEnd = parts.readAhead(inbox, List.of(sent, drafts), handOver -> {});
    FolderBatch sentEnd = parts.readAhead(sent, List.of(drafts), handOver -> {});

    assertThat(uids(last)).containsExactly(1L, 2L, 3L);
    assertThat(uids(inboxEnd.following)).containsExactly(1L, 2L);
    assertThat(sentEnd.endOfFolder).isTrue();
    assertThat(uids(sentEnd.following)).containsExactly(1L);
    assertThat(opened)
        .as("Sent comes whole with its opening: Drafts' is sent right behind it")
        .containsExactly(
            "INBOX",
            "Sent ahead, after UID 0",
            "Drafts ahead, after UID 0",
            "Sent",
            "Drafts ahead, after UID 0",
            "Drafts");
  }

  @Test
  void openingsAheadRunOnWhileEachFolderComesWholeAndStopAtOneThatDoesNot() throws Exception {
    deliver(server, "INBOX", 3);
    List<FolderState> upcoming = new ArrayList<>();
    for (int f = 1; f <= 6; f++) {
      deliver(server, "F" + f, f == 3 ? 11 : 1);
      upcoming.add(new FolderState(f + 1, "F" + f, null, null));
    }
    List<String> opened = new ArrayList<>();
    FolderReader reader = countingReader(opened);

    reader.read(inbox, upcoming);
    assertThat(opened)
        .as("F3 holds more than its opening brings: what comes after it waits")
        .containsExactly(
            "INBOX", "F1 ahead, after UID 0", "F2 ahead, after UID 0", "F3 ahead, after UID 0");

    opened.clear();
    reader.closeFolder();
    List<FolderState> allWhole = new ArrayList<>(upcoming.subList(3, 6));
    allWhole.addAll(upcoming.subList(0, 2));
    assertThat(uids(reader.read(upcoming.get(2), allWhole))).hasSize(10);
    assertThat(opened)
        .as("F3's last message asked for ahead, and no more than four whole folders behind it")
        .containsExactly(
            "F3",
            "F4 ahead, after UID 0",
            "F5 ahead, after UID 0",
            "F6 ahead, after UID 0",
            "F1 ahead, after UID 0");
  }

  @Test
  void aFolderClosedAfterItsLastChunkIsReadAgainFromItsCheckpointNotEndedEarly() throws Exception {
    deliver(server, "INBOX", 3);
    FolderState sent = new FolderState(2, "Sent", null, null);
    server.deliver("Sent", EngineFixtures.letter(9, 1), Set.of(), EngineFixtures.DATE);
    FolderReader reader = reader(10);

    reader.read(inbox, List.of(sent));
    reader.closeFolder();

    assertThat(uids(reader.read(inbox, List.of(sent)))).containsExactly(1L, 2L, 3L);
  }

  /** A run that has accounted for these UIDs; the folders whose errors give way are noted. */
  private static FolderReader.Accounting accounting(
      Set<Long> accounted, java.util.Collection<Long> superseded) {
    return new FolderReader.Accounting() {
      @Override
      public Set<Long> accountedUids(FolderState folder, long uidValidity) {
        return accounted;
      }

      @Override
      public void tryingAgain(FolderState folder) {
        superseded.add(folder.checkpointId);
      }
    };
  }
}
