package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;

class FlagListTest {

  private static Flags flags(Flags.Flag[] system, String... keywords) {
    Flags flags = new Flags();
    for (Flags.Flag flag : system) {
      flags.add(flag);
    }
    for (String keyword : keywords) {
      flags.add(keyword);
    }
    return flags;
  }

  private static String[] words(String flagList) {
    return flagList.isEmpty() ? new String[0] : flagList.split(" ");
  }

  @Test
  void forAppendDropsRecentAndDeleted() {
    Flags source = flags(new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.RECENT, Flags.Flag.DELETED});

    assertThat(words(FlagList.forAppend(source, false))).containsExactly("\\Seen");
  }

  @Test
  void forAppendKeepsDeletedWhenTheDomainCopiesDeletedMessages() {
    Flags source = flags(new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.RECENT, Flags.Flag.DELETED});

    assertThat(words(FlagList.forAppend(source, true)))
        .containsExactlyInAnyOrder("\\Seen", "\\Deleted");
  }

  @Test
  void forAppendKeepsKeywords() {
    Flags source = flags(new Flags.Flag[] {Flags.Flag.ANSWERED}, "$Forwarded", "$Label1", "todo");

    assertThat(words(FlagList.forAppend(source, false)))
        .containsExactlyInAnyOrder("\\Answered", "$Forwarded", "$Label1", "todo");
  }

  @Test
  void keywordsThatAreNotImapAtomsAreDropped() {
    Flags source =
        flags(
            new Flags.Flag[] {Flags.Flag.FLAGGED},
            "two words",
            "paren(",
            "quote\"",
            "star*",
            "brace{",
            "percent%",
            "bracket]",
            "back\\slash",
            "ümlaut",
            "tab\t",
            "ok-keyword");

    assertThat(words(FlagList.forAppend(source, false)))
        .containsExactlyInAnyOrder("\\Flagged", "ok-keyword");
  }

  @Test
  void noFlagsGiveAnEmptyList() {
    assertThat(FlagList.forAppend(new Flags(), false)).isEmpty();
    assertThat(FlagList.format(null)).isEmpty();
    assertThat(FlagList.toSet(null)).isEmpty();
  }

  @Test
  void formatIsSortedSoEqualSetsGiveEqualText() {
    Flags one = flags(new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.FLAGGED}, "b", "a");
    Flags other = flags(new Flags.Flag[] {Flags.Flag.FLAGGED, Flags.Flag.SEEN}, "a", "b");

    assertThat(FlagList.format(one)).isEqualTo(FlagList.format(other));
  }

  @Test
  void parseReadsSystemFlagsInAnyCaseAndKeywords() {
    Flags parsed = FlagList.parse("  \\SEEN \\answered  \\Flagged \\Draft \\Deleted $Forwarded ");

    assertThat(parsed.contains(Flags.Flag.SEEN)).isTrue();
    assertThat(parsed.contains(Flags.Flag.ANSWERED)).isTrue();
    assertThat(parsed.contains(Flags.Flag.FLAGGED)).isTrue();
    assertThat(parsed.contains(Flags.Flag.DRAFT)).isTrue();
    assertThat(FlagList.isDeleted(parsed)).isTrue();
    assertThat(parsed.getUserFlags()).containsExactly("$Forwarded");
  }

  @Test
  void parseIgnoresUnknownSystemFlags() {
    Flags parsed = FlagList.parse("\\Seen \\Unheard");

    assertThat(FlagList.format(parsed)).isEqualTo("\\Seen");
  }

  @Test
  void parseOfNothingIsNoFlags() {
    assertThat(FlagList.toSet(FlagList.parse(null))).isEmpty();
    assertThat(FlagList.toSet(FlagList.parse("   "))).isEmpty();
  }

  @Test
  void formatAndParseRoundTrip() {
    Flags original =
        flags(
            new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.ANSWERED, Flags.Flag.DELETED},
            "$Forwarded",
            "Project-X");

    String text = FlagList.format(original);

    assertThat(FlagList.format(FlagList.parse(text))).isEqualTo(text);
    assertThat(FlagList.parse(text)).isEqualTo(original);
  }

  @Test
  void isDeletedIsFalseForNoFlags() {
    assertThat(FlagList.isDeleted(null)).isFalse();
    assertThat(FlagList.isDeleted(new Flags(Flags.Flag.SEEN))).isFalse();
  }
}
