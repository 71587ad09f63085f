package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxFilterTest {

  @Test
  void blankPartsFilterNothingAndTheNewestUpdatedComeFirst() {
    MailboxFilter filter = new MailboxFilter(" ", "", null, "", false);

    assertThat(filter.address()).isNull();
    assertThat(filter.domain()).isNull();
    assertThat(filter.status()).isNull();
    assertThat(filter.orderBy()).isEqualTo("m.updatedAt DESC, m.id DESC");
  }

  @Test
  void aDomainIsMatchedInLowerCaseAndAStatusByItsName() {
    MailboxFilter filter = new MailboxFilter("Alice", "Example.ORG ", "paused", "email", false);

    assertThat(filter.domain()).isEqualTo("example.org");
    assertThat(filter.status()).isEqualTo("PAUSED");
    assertThat(filter.orderBy()).isEqualTo("m.email ASC, m.id ASC");
  }

  @Test
  void anUnknownSortKeyOrStatusIsRefusedBeforeItReachesAQuery() {
    assertThatThrownBy(() -> new MailboxFilter(null, null, null, "password; DROP", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot sort by");
    assertThatThrownBy(() -> new MailboxFilter(null, null, "SLEEPING", null, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
