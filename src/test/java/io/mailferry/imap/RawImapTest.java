package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.domain.Uid;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawImapTest {

  private static List<Uid> uids(long... values) {
    return Arrays.stream(values).mapToObj(Uid::of).toList();
  }

  @Test
  void consecutiveUidsCollapseIntoRanges() {
    assertThat(RawImap.uidSet(uids(1, 2, 3, 5, 7, 8, 9, 10))).isEqualTo("1:3,5,7:10");
  }

  @Test
  void uidsAreSortedFirst() {
    assertThat(RawImap.uidSet(uids(9, 1, 10, 3, 2))).isEqualTo("1:3,9:10");
  }

  @Test
  void duplicatesAppearOnce() {
    assertThat(RawImap.uidSet(uids(4, 4, 5, 5, 7, 7))).isEqualTo("4:5,7");
  }

  @Test
  void aSingleUidIsJustItsNumber() {
    assertThat(RawImap.uidSet(uids(42))).isEqualTo("42");
  }

  @Test
  void noUidsGiveAnEmptySet() {
    assertThat(RawImap.uidSet(List.of())).isEmpty();
  }

  @Test
  void theLargestUidIsWrittenUnsigned() {
    assertThat(RawImap.uidSet(uids(4_294_967_294L, 4_294_967_295L)))
        .isEqualTo("4294967294:4294967295");
  }
}
