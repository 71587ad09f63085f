package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FolderRulesTest {

  private static FolderPath path(String displayName) {
    return FolderPath.ofDisplayName(displayName);
  }

  @Test
  void noRulesExcludeNothingAndRenameNothing() {
    FolderRules rules = FolderRules.none();

    assertThat(rules.excludes(path("Archive"))).isFalse();
    assertThat(rules.rename(path("Archive"))).isEmpty();
  }

  @Test
  void anExactPatternExcludesOnlyThatFolder() {
    FolderRules rules = FolderRules.parse("Archive/2019", null);

    assertThat(rules.excludes(path("Archive/2019"))).isTrue();
    assertThat(rules.excludes(path("Archive/2020"))).isFalse();
    assertThat(rules.excludes(path("Archive"))).isFalse();
  }

  @Test
  void aStarMatchesAcrossLevels() {
    FolderRules rules = FolderRules.parse("Archive/*", null);

    assertThat(rules.excludes(path("Archive/2019"))).isTrue();
    assertThat(rules.excludes(path("Archive/2019/Q1/January"))).isTrue();
    assertThat(rules.excludes(path("Archive"))).isFalse();
  }

  @Test
  void aLeadingStarMatchesAtAnyDepth() {
    FolderRules rules = FolderRules.parse("*/Old", null);

    assertThat(rules.excludes(path("Clients/Acme/Old"))).isTrue();
    assertThat(rules.excludes(path("Old"))).isFalse();
  }

  @Test
  void aQuestionMarkMatchesOneCharacter() {
    FolderRules rules = FolderRules.parse("Backup?", null);

    assertThat(rules.excludes(path("Backup1"))).isTrue();
    assertThat(rules.excludes(path("Backup12"))).isFalse();
  }

  @Test
  void patternsIgnoreCaseAlsoForNonAsciiLetters() {
    FolderRules rules = FolderRules.parse("junk*\nGELÖSCHTE*", null);

    assertThat(rules.excludes(path("Junk E-mail"))).isTrue();
    assertThat(rules.excludes(path("gelöschte Objekte"))).isTrue();
  }

  @Test
  void regexCharactersInPatternsAreTakenLiterally() {
    FolderRules rules = FolderRules.parse("Reports (2019).old", null);

    assertThat(rules.excludes(path("Reports (2019).old"))).isTrue();
    assertThat(rules.excludes(path("Reports (2019)Xold"))).isFalse();
  }

  @Test
  void blankLinesAndSurroundingSpacesAreIgnored() {
    FolderRules rules = FolderRules.parse("\n  Spam  \r\n\n", "\n  Old = New  \n");

    assertThat(rules.excludes(path("Spam"))).isTrue();
    assertThat(rules.rename(path("Old"))).contains(path("New"));
  }

  @Test
  void aRenameMovesTheFolderAndItsSubfolders() {
    FolderRules rules = FolderRules.parse(null, "Old Projects=Archive/Projects");

    assertThat(rules.rename(path("Old Projects"))).contains(path("Archive/Projects"));
    assertThat(rules.rename(path("Old Projects/2019/Q1")))
        .contains(path("Archive/Projects/2019/Q1"));
    assertThat(rules.rename(path("Old Projects 2"))).isEmpty();
  }

  @Test
  void aRenameMatchesIgnoringCase() {
    FolderRules rules = FolderRules.parse(null, "Clients=Customers");

    assertThat(rules.rename(path("CLIENTS/Acme"))).contains(path("Customers/Acme"));
  }

  @Test
  void theLongestMatchingRenameWinsWhateverTheOrder() {
    FolderRules shortFirst =
        FolderRules.parse(null, "Clients=Customers\nClients/Acme=Partners/Acme");
    FolderRules longFirst =
        FolderRules.parse(null, "Clients/Acme=Partners/Acme\nClients=Customers");

    for (FolderRules rules : new FolderRules[] {shortFirst, longFirst}) {
      assertThat(rules.rename(path("Clients/Acme/2020"))).contains(path("Partners/Acme/2020"));
      assertThat(rules.rename(path("Clients/Beta"))).contains(path("Customers/Beta"));
    }
  }

  @Test
  void aRenameLineWithoutEqualsIsRejectedNamingTheLine() {
    assertThatThrownBy(() -> FolderRules.parse(null, "Good=Fine\nOld Projects"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Old Projects");
  }

  @Test
  void aRenameLineWithoutASourceIsRejectedNamingTheLine() {
    assertThatThrownBy(() -> FolderRules.parse(null, "=New"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("=New");
  }

  @Test
  void aRenameLineWithoutATargetIsRejectedNamingTheLine() {
    assertThatThrownBy(() -> FolderRules.parse(null, "Old="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Old=");
  }
}
