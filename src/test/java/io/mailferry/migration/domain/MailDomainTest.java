package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailDomainTest {

  @Test
  void aDomainNameIsTrimmedAndLowercased() {
    assertThat(MailDomain.normaliseName("  Mail.Example.COM ")).isEqualTo("mail.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "my-company.co.uk", "xn--mnchen-3ya.de", "a1.b2"})
  void validDomainNamesAreAccepted(String name) {
    assertThat(MailDomain.normaliseName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "  ",
        "localhost",
        "-bad.com",
        "bad-.com",
        "a..b",
        "exa mple.com",
        "under_score.com",
        "example.com.",
        "alice@example.com"
      })
  void invalidDomainNamesAreRejected(String name) {
    assertThatThrownBy(() -> MailDomain.normaliseName(name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRejectionNamesTheBadName() {
    assertThatThrownBy(() -> MailDomain.normaliseName("bad_name.com"))
        .hasMessageContaining("'bad_name.com'");
  }

  @Test
  void aNewDomainMigratesAutomatically() {
    assertThat(new MailDomain("Example.com").getName()).isEqualTo("example.com");
    assertThat(new MailDomain("example.com").isAutoMigration()).isTrue();
  }

  @Test
  void malformedFolderRenamesAreRefusedBeforeTheyAreStored() {
    MailDomain domain = new MailDomain("example.com");

    assertThatThrownBy(() -> domain.setFolderRenames("Old Name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(domain.getFolderRenames()).isNull();
  }

  @Test
  void itsRulesLeaveOutDeletedMessagesOnlyWhenToldAndMessagesOverItsSizeLimit() {
    MailDomain domain = new MailDomain("example.com");
    assertThat(domain.leavesOut(true, 5_000_000)).isNull();
    domain.setCopyDeleted(false);
    domain.setMaxMessageSize(1_000_000L);
    assertThat(domain.leavesOut(true, 10)).isEqualTo("deleted on the source");
    assertThat(domain.leavesOut(false, 1_000_001))
        .isEqualTo("larger than the domain's maximum message size (1000001 > 1000000 bytes)");
    assertThat(domain.leavesOut(false, 1_000_000)).isNull();
  }
}
