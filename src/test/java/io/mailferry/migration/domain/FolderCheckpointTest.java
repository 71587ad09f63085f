package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FolderCheckpointTest {

  private static final UidValidity RECORDED = UidValidity.of(1_795_976_563L);

  private static FolderCheckpoint checkpoint() {
    MailboxMigration migration =
        new MailboxMigration(new MailDomain("example.com"), "alice@example.com", null);
    return new FolderCheckpoint(migration, "INBOX.Projects", "Projects", 3);
  }

  @Test
  void aFolderNeverOpenedHasNoUidValidityToChange() {
    assertThat(checkpoint().uidValidityChanged(RECORDED)).isFalse();
  }

  @Test
  void theSameUidValidityIsNoChange() {
    FolderCheckpoint checkpoint = checkpoint();
    checkpoint.setUidValidity(1_795_976_563L);

    assertThat(checkpoint.uidValidityChanged(UidValidity.of(1_795_976_563L))).isFalse();
  }

  @Test
  void anotherUidValidityIsAChange() {
    FolderCheckpoint checkpoint = checkpoint();
    checkpoint.setUidValidity(1_795_976_563L);

    assertThat(checkpoint.uidValidityChanged(UidValidity.of(1_795_976_564L))).isTrue();
  }

  @Test
  void startReconcilingRecordsTheNewUidValidityAndStartsFromUidZero() {
    FolderCheckpoint checkpoint = checkpoint();
    checkpoint.setUidValidity(17L);
    checkpoint.advance(Uid.of(500), 10, 1000);
    checkpoint.setCompleted(true);

    checkpoint.startReconciling(RECORDED);

    assertThat(checkpoint.getUidValidity()).isEqualTo(1_795_976_563L);
    assertThat(checkpoint.getLastUid()).isZero();
    assertThat(checkpoint.isCompleted()).isFalse();
    assertThat(checkpoint.uidValidityChanged(RECORDED)).isFalse();
  }

  @Test
  void advanceMovesTheLastUidForwardAndCounts() {
    FolderCheckpoint checkpoint = checkpoint();

    checkpoint.advance(Uid.of(10), 2, 300);
    checkpoint.advance(Uid.of(25), 1, 100);

    assertThat(checkpoint.getLastUid()).isEqualTo(25);
    assertThat(checkpoint.getMessagesDone()).isEqualTo(3);
    assertThat(checkpoint.getBytesDone()).isEqualTo(400);
  }

  @Test
  void advanceNeverGoesBackwards() {
    FolderCheckpoint checkpoint = checkpoint();
    checkpoint.advance(Uid.of(25), 1, 100);

    checkpoint.advance(Uid.of(7), 1, 50);

    assertThat(checkpoint.getLastUid()).isEqualTo(25);
    assertThat(checkpoint.getMessagesDone()).isEqualTo(2);
  }

  @Test
  void aNewCheckpointKeepsItsNamesAndPosition() {
    FolderCheckpoint checkpoint = checkpoint();

    assertThat(checkpoint.getSourceName()).isEqualTo("INBOX.Projects");
    assertThat(checkpoint.getDestinationName()).isEqualTo("Projects");
    assertThat(checkpoint.getPosition()).isEqualTo(3);
    assertThat(checkpoint.getLastUid()).isZero();
  }

  @Test
  void skipsByRuleAreTheLatestCountAndAreCountedAgainWhenTheFolderIsReconciled() {
    FolderCheckpoint checkpoint = checkpoint();
    checkpoint.setUidValidity(17L);
    checkpoint.skippedByRule(2);
    checkpoint.skippedByRule(3);
    assertThat(checkpoint.getMessagesSkipped()).isEqualTo(3);

    checkpoint.startReconciling(RECORDED);

    assertThat(checkpoint.getMessagesSkipped()).isZero();
  }
}
