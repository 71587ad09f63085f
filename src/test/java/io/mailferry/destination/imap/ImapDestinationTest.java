package io.mailferry.destination.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ImapDestinationTest {

  @Test
  void aRangeOfAppendedUidsIsExpanded() {
    List<Long> uids =
        ImapDestination.appendedUids("A12 OK [APPENDUID 1795976563 1:100] APPEND completed", 100);

    assertThat(uids).isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
  }

  @Test
  void aSingleAppendedUidIsRead() {
    assertThat(ImapDestination.appendedUids("A3 OK [APPENDUID 38505 3955] APPEND completed", 1))
        .containsExactly(3955L);
  }

  @Test
  void aMixedSetOfUidsAndRangesIsReadInOrder() {
    assertThat(ImapDestination.appendedUids("A4 OK [APPENDUID 7 2,5:7] done", 4))
        .containsExactly(2L, 5L, 6L, 7L);
  }

  @Test
  void theResponseCodeIsMatchedIgnoringCase() {
    assertThat(ImapDestination.appendedUids("a1 ok [appenduid 7 9] done", 1)).containsExactly(9L);
  }

  @Test
  void aCountOtherThanTheMessagesSentGivesNothing() {
    assertThat(ImapDestination.appendedUids("A5 OK [APPENDUID 7 2,5:7] done", 3)).isNull();
    assertThat(ImapDestination.appendedUids("A5 OK [APPENDUID 7 2,5:7] done", 5)).isNull();
  }

  @Test
  void aServerWithoutUidplusGivesNothing() {
    assertThat(ImapDestination.appendedUids("A6 OK APPEND completed", 1)).isNull();
    assertThat(ImapDestination.appendedUidValidity("A6 OK APPEND completed")).isNull();
  }

  @Test
  void theFolderAnAppendWentIntoIsNamedByItsUidValidity() {
    assertThat(ImapDestination.appendedUidValidity("A7 OK [APPENDUID 1795976563 1:100] done"))
        .isEqualTo(1795976563L);
  }
}
