package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderPlannerTest {

  /** A Courier/Cyrus-style source: '.' separator, personal namespace "INBOX.". */
  private static ListedFolder dotted(String fullName, String... attributes) {
    return new ListedFolder(
        fullName, FolderPath.parse(fullName, '.', "INBOX."), Set.of(attributes), true, true);
  }

  /** A Dovecot-style server: '/' separator, no namespace prefix. */
  private static ListedFolder slashed(String fullName, String... attributes) {
    return new ListedFolder(
        fullName, FolderPath.parse(fullName, '/', ""), Set.of(attributes), true, true);
  }

  private static List<PlannedFolder> toSlashServer(
      List<ListedFolder> source, List<ListedFolder> destination, FolderRules rules) {
    return FolderPlanner.plan(source, '/', "", destination, rules);
  }

  private static List<String> destinationNames(List<PlannedFolder> plan) {
    return plan.stream().map(PlannedFolder::destinationName).toList();
  }

  private static Optional<PlannedFolder> fromSource(List<PlannedFolder> plan, String sourceName) {
    return plan.stream().filter(p -> p.sourceName().equals(sourceName)).findFirst();
  }

  private static PlannedFolder planned(List<PlannedFolder> plan, String sourceName) {
    return fromSource(plan, sourceName).orElseThrow();
  }

  @Test
  void aDottedPrefixedSourceIsRebuiltWithSlashesAndNoPrefix() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(
                dotted("INBOX"),
                dotted("INBOX.Projects"),
                dotted("INBOX.Projects.2024"),
                dotted("INBOX.Projects.2024.Q1")),
            List.of(),
            FolderRules.none());

    assertThat(destinationNames(plan))
        .containsExactly("INBOX", "Projects", "Projects/2024", "Projects/2024/Q1");
    assertThat(planned(plan, "INBOX.Projects.2024").destinationPath())
        .isEqualTo(FolderPath.ofDisplayName("Projects/2024"));
  }

  @Test
  void aSlashSourceIsRebuiltWithDotsAndTheInboxPrefix() {
    List<PlannedFolder> plan =
        FolderPlanner.plan(
            List.of(
                slashed("INBOX"),
                slashed("Projects"),
                slashed("Projects/2024"),
                slashed("Reports 1.5")),
            '.',
            "INBOX.",
            List.of(),
            FolderRules.none());

    assertThat(destinationNames(plan))
        .containsExactly("INBOX", "INBOX.Projects", "INBOX.Projects.2024", "INBOX.Reports 1_5");
  }

  @Test
  void theSentAttributeMakesAFolderTheSentFolder() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Outbox Copies", "\\Sent")),
            List.of(slashed("INBOX"), slashed("Sent", "\\Sent")),
            FolderRules.none());

    PlannedFolder sent = planned(plan, "Outbox Copies");
    assertThat(sent.specialUse()).isEqualTo(SpecialUse.SENT);
    assertThat(sent.destinationName()).isEqualTo("Sent");
  }

  @Test
  void wellKnownNamesAreRecognisedAsSpecialUse() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(
                slashed("INBOX"),
                slashed("Sent Items"),
                slashed("Gesendete Objekte"),
                slashed("Deleted Items"),
                slashed("Junk E-mail")),
            List.of(),
            FolderRules.none());

    assertThat(planned(plan, "Sent Items").specialUse()).isEqualTo(SpecialUse.SENT);
    assertThat(planned(plan, "Gesendete Objekte").specialUse()).isEqualTo(SpecialUse.SENT);
    assertThat(planned(plan, "Deleted Items").specialUse()).isEqualTo(SpecialUse.TRASH);
    assertThat(planned(plan, "Deleted Items").destinationName()).isEqualTo("Trash");
    assertThat(planned(plan, "Junk E-mail").specialUse()).isEqualTo(SpecialUse.JUNK);
    assertThat(planned(plan, "Junk E-mail").destinationName()).isEqualTo("Junk");
  }

  @Test
  void sentMessagesUnderInboxIsRecognisedWithAndWithoutTheNamespacePrefix() {
    ListedFolder unprefixed =
        new ListedFolder(
            "INBOX.Sent Messages",
            FolderPath.parse("INBOX.Sent Messages", '.', ""),
            Set.of(),
            true,
            true);

    for (ListedFolder sentMessages : List.of(unprefixed, dotted("INBOX.Sent Messages"))) {
      List<PlannedFolder> plan =
          toSlashServer(List.of(dotted("INBOX"), sentMessages), List.of(), FolderRules.none());

      PlannedFolder sent = planned(plan, "INBOX.Sent Messages");
      assertThat(sent.specialUse()).isEqualTo(SpecialUse.SENT);
      assertThat(sent.destinationName()).isEqualTo("Sent");
    }
  }

  @Test
  void sentItemsAndSentMergeIntoTheDestinationsSentFolder() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Sent"), slashed("Sent Items")),
            List.of(slashed("INBOX"), slashed("Sent Messages", "\\Sent")),
            FolderRules.none());

    assertThat(planned(plan, "Sent").destinationName()).isEqualTo("Sent Messages");
    assertThat(planned(plan, "Sent Items").destinationName()).isEqualTo("Sent Messages");
    assertThat(destinationNames(plan)).doesNotContain("Sent", "Sent Items");
  }

  @Test
  void sentItemsAndSentMergeIntoCanonicalSentWhenTheDestinationHasNone() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Sent Items"), slashed("Sent")),
            List.of(slashed("INBOX")),
            FolderRules.none());

    assertThat(destinationNames(plan)).containsExactly("INBOX", "Sent", "Sent");
    assertThat(plan)
        .filteredOn(p -> p.specialUse() == SpecialUse.SENT)
        .extracting(PlannedFolder::sourceName)
        .containsExactlyInAnyOrder("Sent", "Sent Items");
  }

  @Test
  void aDottedSourcesSentFoldersMergeIntoASlashDestinationsSentFolder() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(dotted("INBOX"), dotted("INBOX.Sent", "\\Sent"), dotted("INBOX.Sent Items")),
            List.of(slashed("INBOX"), slashed("Sent", "\\Sent")),
            FolderRules.none());

    assertThat(destinationNames(plan)).containsExactly("INBOX", "Sent", "Sent");
  }

  @Test
  void aSlashSourcesSentItemsGoesToADottedDestinationsSentFolder() {
    ListedFolder destinationSent =
        new ListedFolder(
            "INBOX.Sent", FolderPath.parse("INBOX.Sent", '.', "INBOX."), Set.of(), true, true);

    List<PlannedFolder> plan =
        FolderPlanner.plan(
            List.of(slashed("INBOX"), slashed("Sent Items"), slashed("Sent Items/2019")),
            '.',
            "INBOX.",
            List.of(dotted("INBOX"), destinationSent),
            FolderRules.none());

    assertThat(planned(plan, "Sent Items").destinationName()).isEqualTo("INBOX.Sent");
    assertThat(planned(plan, "Sent Items/2019").destinationName()).isEqualTo("INBOX.Sent.2019");
  }

  @Test
  void subfoldersOfSentItemsMoveUnderTheDestinationsSentFolder() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(
                dotted("INBOX"),
                dotted("INBOX.Sent Items"),
                dotted("INBOX.Sent Items.2019"),
                dotted("INBOX.Sent Items.2019.Q1")),
            List.of(slashed("INBOX"), slashed("Sent", "\\Sent")),
            FolderRules.none());

    assertThat(planned(plan, "INBOX.Sent Items.2019").destinationName()).isEqualTo("Sent/2019");
    assertThat(planned(plan, "INBOX.Sent Items.2019").specialUse()).isNull();
    assertThat(planned(plan, "INBOX.Sent Items.2019.Q1").destinationName())
        .isEqualTo("Sent/2019/Q1");
  }

  @Test
  void foldersAreOrderedInboxSentDraftsThenAlphabetically() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(
                slashed("Zebra"),
                slashed("apples"),
                slashed("Drafts", "\\Drafts"),
                slashed("Banking"),
                slashed("Sent", "\\Sent"),
                slashed("INBOX")),
            List.of(),
            FolderRules.none());

    assertThat(destinationNames(plan))
        .containsExactly("INBOX", "Sent", "Drafts", "apples", "Banking", "Zebra");
    assertThat(plan).extracting(PlannedFolder::position).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void excludedFoldersAreLeftOutOfThePlan() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(
                slashed("INBOX"),
                slashed("Archive"),
                slashed("Archive/2019"),
                slashed("Archive/2019/Q1"),
                slashed("Spam")),
            List.of(),
            FolderRules.parse("Archive/*\nspam", null));

    assertThat(destinationNames(plan)).containsExactly("INBOX", "Archive");
  }

  @Test
  void inboxIsNeverExcluded() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Projects")),
            List.of(),
            FolderRules.parse("*", null));

    assertThat(destinationNames(plan)).containsExactly("INBOX");
  }

  @Test
  void renamesApplyAndSubfoldersMoveAlong() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Old Projects"), slashed("Old Projects/2019")),
            List.of(),
            FolderRules.parse(null, "Old Projects=Archive/Projects"));

    assertThat(planned(plan, "Old Projects/2019").destinationName())
        .isEqualTo("Archive/Projects/2019");
  }

  @Test
  void noselectFoldersAreKeptButNotSelectable() {
    ListedFolder container =
        new ListedFolder(
            "Clients", FolderPath.parse("Clients", '/', ""), Set.of("\\Noselect"), false, false);

    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), container, slashed("Clients/Acme")),
            List.of(),
            FolderRules.none());

    assertThat(planned(plan, "Clients").selectable()).isFalse();
    assertThat(planned(plan, "Clients/Acme").selectable()).isTrue();
  }

  @Test
  void subscriptionsAreCarriedOver() {
    ListedFolder unsubscribed =
        new ListedFolder(
            "Old Stuff", FolderPath.parse("Old Stuff", '/', ""), Set.of(), true, false);

    List<PlannedFolder> plan =
        toSlashServer(
            List.of(slashed("INBOX"), slashed("Projects"), unsubscribed),
            List.of(),
            FolderRules.none());

    assertThat(planned(plan, "Projects").subscribed()).isTrue();
    assertThat(planned(plan, "Old Stuff").subscribed()).isFalse();
  }

  @Test
  void specialUseFoldersAreSubscribedEvenWhenTheSourceWasNot() {
    ListedFolder sent =
        new ListedFolder("Sent", FolderPath.parse("Sent", '/', ""), Set.of("\\Sent"), true, false);

    List<PlannedFolder> plan =
        toSlashServer(List.of(slashed("INBOX"), sent), List.of(), FolderRules.none());

    assertThat(planned(plan, "Sent").subscribed()).isTrue();
  }

  @Test
  void theSourceNameAndPathAreKeptForCopying() {
    List<PlannedFolder> plan =
        toSlashServer(
            List.of(dotted("INBOX"), dotted("INBOX.Projects.2024")), List.of(), FolderRules.none());

    PlannedFolder projects = planned(plan, "INBOX.Projects.2024");
    assertThat(projects.sourcePath().segments()).containsExactly("Projects", "2024");
    assertThat(projects.sourceName()).isEqualTo("INBOX.Projects.2024");
    assertThat(projects.destinationName()).isEqualTo("Projects/2024");
  }
}
