package io.mailferry.source.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.domain.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListedUidsTest {

  private final ListedUids listed = new ListedUids();

  @Test
  void listingsFromUidOneToTheEndAreEveryUid() {
    listed.listed(1, 200, List.of(3L, 7L, 150L));
    listed.listed(201, 400, List.of(201L, 399L));
    assertThat(listed.all(400))
        .containsExactly(Uid.of(3), Uid.of(7), Uid.of(150), Uid.of(201), Uid.of(399));
    assertThat(listed.all(401)).as("UIDs beyond the listings").isNull();
  }

  @Test
  void listingsThatStartAfterUidOneOrLeaveAHoleAreNotEveryUid() {
    listed.listed(5, 200, List.of(7L));
    assertThat(listed.all(200)).isNull();
    ListedUids holed = new ListedUids();
    holed.listed(1, 100, List.of(1L));
    holed.listed(150, 200, List.of(160L));
    assertThat(holed.all(200)).as("101..149 never listed").isNull();
  }

  @Test
  void aListingOverlappingTheLastAddsOnlyWhatIsNew() {
    listed.listed(1, 100, List.of(10L, 90L));
    listed.listed(90, 200, List.of(90L, 150L));
    assertThat(listed.all(200)).containsExactly(Uid.of(10), Uid.of(90), Uid.of(150));
  }

  @Test
  void theNextListingStartsPastWhatWasListedWhenNothingWasFoundThere() {
    listed.listed(1, 500, List.of(10L, 20L));
    assertThat(listed.nextUnlisted(20)).as("21..500 listed, nothing there").isEqualTo(501);
    assertThat(listed.nextUnlisted(10)).as("20 is there: list from 11").isEqualTo(11);
    assertThat(listed.nextUnlisted(600)).isEqualTo(601);
    assertThat(new ListedUids().nextUnlisted(0)).isEqualTo(1);
  }
}
