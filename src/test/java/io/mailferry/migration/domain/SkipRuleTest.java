package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SkipRuleTest {

  @Test
  void theReasonsARuleGivesNameTheRule() {
    assertThat(SkipRule.of("deleted on the source")).contains(SkipRule.DELETED);
    assertThat(
            SkipRule.of("larger than the domain's maximum message size (150000 > 100000 bytes)"))
        .contains(SkipRule.TOO_LARGE);
  }

  @Test
  void skipsNoRuleAskedForAreNotRuleSkips() {
    assertThat(SkipRule.of("expunged on the source while copying")).isEmpty();
    assertThat(SkipRule.of("the source server did not return the message's content")).isEmpty();
    assertThat(SkipRule.of("refused by the destination: [LIMIT] too big")).isEmpty();
    assertThat(SkipRule.of(null)).isEmpty();
  }
}
