package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecialUseTest {

  private static ListedFolder folder(String name, String... attributes) {
    return new ListedFolder(name, FolderPath.ofDisplayName(name), Set.of(attributes), true, true);
  }

  @ParameterizedTest
  @CsvSource({
    "Sent, SENT",
    "Sent Items, SENT",
    "sent items, SENT",
    "Gesendete Objekte, SENT",
    "Отправленные, SENT",
    "Drafts, DRAFTS",
    "Entwürfe, DRAFTS",
    "Deleted Items, TRASH",
    "Papierkorb, TRASH",
    "Junk E-mail, JUNK",
    "Spam, JUNK",
    "Archive, ARCHIVE"
  })
  void wellKnownTopLevelNamesAreRecognised(String name, SpecialUse expected) {
    assertThat(SpecialUse.byName(FolderPath.ofDisplayName(name))).contains(expected);
  }

  @Test
  void aWellKnownNameDirectlyUnderInboxIsRecognised() {
    assertThat(SpecialUse.byName(FolderPath.ofDisplayName("INBOX/Sent Messages")))
        .contains(SpecialUse.SENT);
  }

  @Test
  void aWellKnownNameDeeperDownIsAnOrdinaryFolder() {
    assertThat(SpecialUse.byName(FolderPath.ofDisplayName("Clients/Sent"))).isEmpty();
    assertThat(SpecialUse.byName(FolderPath.ofDisplayName("INBOX/Clients/Sent"))).isEmpty();
  }

  @Test
  void anUnknownNameIsNoSpecialUse() {
    assertThat(SpecialUse.byName(FolderPath.ofDisplayName("Projects"))).isEmpty();
    assertThat(SpecialUse.byName(FolderPath.INBOX)).isEmpty();
  }

  @Test
  void theAttributeIsRecognisedIgnoringCase() {
    assertThat(SpecialUse.byAttribute(folder("Outbox Copies", "\\sent"))).contains(SpecialUse.SENT);
    assertThat(SpecialUse.byAttribute(folder("Bin", "\\HasNoChildren", "\\Trash")))
        .contains(SpecialUse.TRASH);
  }

  @Test
  void aFolderWithoutASpecialUseAttributeHasNone() {
    assertThat(SpecialUse.byAttribute(folder("Sent", "\\HasNoChildren"))).isEmpty();
  }

  @Test
  void eachUseHasItsRfc6154AttributeAndCanonicalName() {
    assertThat(SpecialUse.SENT.attribute()).isEqualTo("\\Sent");
    assertThat(SpecialUse.SENT.canonicalName()).isEqualTo("Sent");
    assertThat(SpecialUse.JUNK.attribute()).isEqualTo("\\Junk");
    assertThat(SpecialUse.TRASH.canonicalName()).isEqualTo("Trash");
  }
}
