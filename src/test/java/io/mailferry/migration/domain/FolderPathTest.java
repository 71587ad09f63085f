package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FolderPathTest {

  @Test
  void dotSeparatedNameSplitsIntoSegments() {
    assertThat(FolderPath.parse("Projects.2024", '.', "").segments())
        .containsExactly("Projects", "2024");
  }

  @Test
  void slashSeparatedNameSplitsIntoSegments() {
    assertThat(FolderPath.parse("Projects/2024", '/', "").segments())
        .containsExactly("Projects", "2024");
  }

  @Test
  void aFlatServerKeepsTheWholeNameAsOneSegment() {
    assertThat(FolderPath.parse("Projects.2024/Q1", (char) 0, "").segments())
        .containsExactly("Projects.2024/Q1");
  }

  @Test
  void theInboxPrefixIsStrippedFromTheFullName() {
    assertThat(FolderPath.parse("INBOX.Projects.2024", '.', "INBOX.").segments())
        .containsExactly("Projects", "2024");
  }

  @Test
  void theInboxPrefixIsStrippedWhateverItsCase() {
    assertThat(FolderPath.parse("Inbox.Projects", '.', "INBOX.").segments())
        .containsExactly("Projects");
  }

  @Test
  void withoutANamespacePrefixInboxChildrenStayUnderInbox() {
    assertThat(FolderPath.parse("INBOX.Projects", '.', "").segments())
        .containsExactly("INBOX", "Projects");
  }

  @Test
  void inboxIsInboxInAnyCaseAndWithAnyPrefix() {
    assertThat(FolderPath.parse("INBOX", '.', "INBOX.")).isEqualTo(FolderPath.INBOX);
    assertThat(FolderPath.parse("inbox", '/', "")).isEqualTo(FolderPath.INBOX);
    assertThat(FolderPath.parse("Inbox", (char) 0, "").isInbox()).isTrue();
  }

  @Test
  void emptySegmentsFromDoubledSeparatorsAreDropped() {
    assertThat(FolderPath.parse("Projects..2024.", '.', "").segments())
        .containsExactly("Projects", "2024");
  }

  @Test
  void fourLevelsOfNestingSurviveTheRoundTrip() {
    FolderPath path = FolderPath.parse("INBOX.Clients.Acme.2024.Invoices", '.', "INBOX.");

    assertThat(path.depth()).isEqualTo(4);
    assertThat(path.leaf()).isEqualTo("Invoices");
    assertThat(path.displayName()).isEqualTo("Clients/Acme/2024/Invoices");
    assertThat(path.toServerName('/', "")).isEqualTo("Clients/Acme/2024/Invoices");
    assertThat(path.toServerName('.', "INBOX.")).isEqualTo("INBOX.Clients.Acme.2024.Invoices");
  }

  @Test
  void unicodeNamesAreKeptAsTheyAre() {
    FolderPath path = FolderPath.parse("INBOX.Entwürfe.Отправленные.日本語", '.', "INBOX.");

    assertThat(path.segments()).containsExactly("Entwürfe", "Отправленные", "日本語");
    assertThat(path.toServerName('/', "")).isEqualTo("Entwürfe/Отправленные/日本語");
  }

  @Test
  void toServerNameJoinsWithTheDestinationSeparatorAndPrefix() {
    FolderPath path = FolderPath.parse("Projects/2024", '/', "");

    assertThat(path.toServerName('.', "INBOX.")).isEqualTo("INBOX.Projects.2024");
    assertThat(path.toServerName('/', "")).isEqualTo("Projects/2024");
  }

  @Test
  void aSegmentContainingTheDotSeparatorHasItReplacedSoItStaysOneLevel() {
    FolderPath path = FolderPath.parse("Reports 1.5/Q1", '/', "");

    assertThat(path.segments()).containsExactly("Reports 1.5", "Q1");
    assertThat(path.toServerName('.', "INBOX.")).isEqualTo("INBOX.Reports 1_5.Q1");
  }

  @Test
  void aSegmentContainingTheSlashSeparatorHasItReplacedSoItStaysOneLevel() {
    FolderPath path = FolderPath.parse("INBOX.Yes/No.Maybe", '.', "INBOX.");

    assertThat(path.segments()).containsExactly("Yes/No", "Maybe");
    assertThat(path.toServerName('/', "")).isEqualTo("Yes_No/Maybe");
  }

  @Test
  void inboxIsCalledInboxOnEveryServer() {
    assertThat(FolderPath.INBOX.toServerName('.', "INBOX.")).isEqualTo("INBOX");
    assertThat(FolderPath.INBOX.toServerName('/', "")).isEqualTo("INBOX");
  }

  @Test
  void displayNameJoinsSegmentsWithSlash() {
    FolderPath path = new FolderPath(List.of("Archive", "2019"));

    assertThat(path.displayName()).isEqualTo("Archive/2019");
    assertThat(path).hasToString("Archive/2019");
    assertThat(path.key()).isEqualTo("archive/2019");
  }

  @Test
  void ofDisplayNameReadsTheAdminsSlashNotation() {
    assertThat(FolderPath.ofDisplayName("  Archive/2019 ").segments())
        .containsExactly("Archive", "2019");
  }

  @Test
  void startsWithComparesWholeSegmentsIgnoringCase() {
    FolderPath path = FolderPath.ofDisplayName("Archive/2019/Q1");

    assertThat(path.startsWith(FolderPath.ofDisplayName("archive/2019"))).isTrue();
    assertThat(path.startsWith(FolderPath.ofDisplayName("Arch"))).isFalse();
    assertThat(path.startsWith(FolderPath.ofDisplayName("Archive/2019/Q1/Extra"))).isFalse();
  }

  @Test
  void withFirstSegmentsReplacesTheLeadingLevels() {
    FolderPath path = FolderPath.ofDisplayName("Sent Items/2019/Q1");

    assertThat(path.withFirstSegments(FolderPath.ofDisplayName("Sent"), 1).displayName())
        .isEqualTo("Sent/2019/Q1");
  }

  @Test
  void aPathNeedsAtLeastOneNonEmptySegment() {
    assertThatThrownBy(() -> new FolderPath(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FolderPath(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FolderPath(List.of("Archive", "")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void segmentsCannotBeChangedFromOutside() {
    FolderPath path = FolderPath.ofDisplayName("Archive/2019");

    assertThatThrownBy(() -> path.segments().add("Q1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
