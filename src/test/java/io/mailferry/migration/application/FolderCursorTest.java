package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageErrorKind;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FolderCursorTest {

  private static final FolderState INBOX = new FolderState(1, "INBOX", null, null);
  private static final FolderState ARCHIVE = new FolderState(2, "INBOX.Archive", null, null);
  private static final UidValidity VALIDITY = UidValidity.of(1_700_000_000L);

  private static MessageRef ref(long uid) {
    return new MessageRef(
        Uid.of(uid),
        new Flags(),
        Instant.EPOCH,
        100,
        "<" + uid + "@x>",
        "s" + uid,
        Fingerprint.of("<" + uid + "@x>", null, null, null, "s", Instant.EPOCH, 100));
  }

  private static FolderBatch chunk(FolderState folder, UidValidity validity, long... uids) {
    List<FolderBatch.Entry> entries = new ArrayList<>();
    for (long uid : uids) {
      entries.add(
          uid % 2 == 0
              ? new FolderBatch.Entry(
                  ref(uid), MessageContent.inMemory(new byte[] {1}, 0, 1), null, null)
              : new FolderBatch.Entry(ref(uid), null, "too large", MessageErrorKind.RULE));
    }
    return new FolderBatch(folder, validity, entries, false, false);
  }

  private static FolderBatch end(FolderState folder, UidValidity validity) {
    return new FolderBatch(folder, validity, List.of(), true, false);
  }

  private static FolderCheckpoint checkpoint(String folder, Long validity, long lastUid) {
    FolderCheckpoint checkpoint =
        new FolderCheckpoint(
            new MailboxMigration(new MailDomain("example.com"), "a@example.com", null),
            folder,
            folder,
            0);
    if (validity != null) {
      checkpoint.setUidValidity(validity);
    }
    if (lastUid > 0) {
      checkpoint.advance(Uid.of(lastUid), 1, 1);
    }
    return checkpoint;
  }

  @Test
  void aChunkMovesTheCursorToItsHighestUidWhateverEachMessageBecame() {
    FolderCursor cursor = FolderCursor.after(chunk(INBOX, VALIDITY, 1, 2, 3, 4), null);

    assertThat(cursor).isEqualTo(new FolderCursor("INBOX", VALIDITY.value(), 4, false));
  }

  @Test
  void aGapPassChunkBelowTheCursorDoesNotMoveItBack() {
    FolderCursor afterReading = FolderCursor.after(chunk(INBOX, VALIDITY, 41, 42), null);

    FolderCursor afterGap = FolderCursor.after(chunk(INBOX, VALIDITY, 7, 8), afterReading);

    assertThat(afterGap.lastUid()).isEqualTo(42);
  }

  @Test
  void theFolderEndKeepsTheLastUidAndSaysTheFolderIsDone() {
    FolderCursor cursor =
        FolderCursor.after(
            end(INBOX, VALIDITY), FolderCursor.after(chunk(INBOX, VALIDITY, 9), null));

    assertThat(cursor).isEqualTo(new FolderCursor("INBOX", VALIDITY.value(), 9, true));
  }

  @Test
  void theNextFolderStartsFromNothing() {
    FolderCursor inbox = FolderCursor.after(chunk(INBOX, VALIDITY, 500), null);

    FolderCursor archive = FolderCursor.after(chunk(ARCHIVE, VALIDITY, 3), inbox);

    assertThat(archive).isEqualTo(new FolderCursor("INBOX.Archive", VALIDITY.value(), 3, false));
  }

  @Test
  void aNewUidValidityStartsTheFolderAgainFromItsChunk() {
    FolderCursor before = FolderCursor.after(chunk(INBOX, VALIDITY, 900), null);

    FolderCursor after =
        FolderCursor.after(chunk(INBOX, UidValidity.of(1_800_000_000L), 2), before);

    assertThat(after).isEqualTo(new FolderCursor("INBOX", 1_800_000_000L, 2, false));
  }

  @Test
  void aFolderWithoutMessagesHasNoUidValidity() {
    FolderState noSelect = new FolderState(3, "Shared", null, null);

    assertThat(FolderCursor.after(end(noSelect, null), null))
        .isEqualTo(new FolderCursor("Shared", null, 0, true));
  }

  @Test
  void theCursorAgreesWithTheDatabaseCheckpointItWasWrittenWith() {
    FolderCursor cursor = new FolderCursor("INBOX", 77L, 120, false);

    assertThat(
            cursor.differenceFrom(
                List.of(checkpoint("INBOX.Archive", 77L, 5), checkpoint("INBOX", 77L, 120))))
        .isEmpty();
  }

  @Test
  void aDatabaseAheadOfTheCursorIsADifferenceNamingBothPositions() {
    FolderCursor cursor = new FolderCursor("INBOX", 77L, 120, false);

    assertThat(cursor.differenceFrom(List.of(checkpoint("INBOX", 77L, 300))))
        .hasValue(
            "the batch checkpoint has \"INBOX\" at UID 120 (UIDVALIDITY 77), the database at UID"
                + " 300 (UIDVALIDITY 77)");
  }

  @Test
  void anotherUidValidityInTheDatabaseIsADifference() {
    FolderCursor cursor = new FolderCursor("INBOX", 77L, 120, false);

    assertThat(cursor.differenceFrom(List.of(checkpoint("INBOX", 78L, 120))))
        .get()
        .asString()
        .contains("UIDVALIDITY 77", "UIDVALIDITY 78");
  }

  @Test
  void aFolderDoneInTheCursorButNotInTheDatabaseIsADifference() {
    FolderCursor cursor = new FolderCursor("INBOX", 77L, 120, true);

    assertThat(cursor.differenceFrom(List.of(checkpoint("INBOX", 77L, 120))))
        .get()
        .asString()
        .contains(
            "UID 120 (UIDVALIDITY 77, folder done), the database at UID 120 (UIDVALIDITY 77)");
  }

  @Test
  void aFolderTheDatabaseNoLongerPlansIsADifference() {
    FolderCursor cursor = new FolderCursor("INBOX.Old", 77L, 12, false);

    assertThat(cursor.differenceFrom(List.of(checkpoint("INBOX", 77L, 120))))
        .hasValue("the database has no checkpoint for the folder \"INBOX.Old\"");
  }

  @Test
  void theCursorSurvivesTheJobRepositorysSerialization() throws Exception {
    FolderCursor cursor = new FolderCursor("INBOX", 77L, 120, true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(cursor);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(cursor);
    }
  }
}
