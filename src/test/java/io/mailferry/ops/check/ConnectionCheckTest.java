package io.mailferry.ops.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCheckTest {

  @Test
  void onlyTheCapabilitiesThatChangeAMigrationAreKeptWithTheirValues() {
    assertThat(
            ConnectionCheck.mattering(
                List.of(
                    "IMAP4rev1",
                    "SASL-IR",
                    "LOGIN-REFERRALS",
                    "ID",
                    "ENABLE",
                    "IDLE",
                    "LITERAL+",
                    "AUTH=PLAIN",
                    "MULTIAPPEND",
                    "UIDPLUS",
                    "APPENDLIMIT=35882577",
                    "QRESYNC",
                    "X-CUSTOM")))
        .containsExactly(
            "IMAP4REV1",
            "ID",
            "LITERAL+",
            "MULTIAPPEND",
            "UIDPLUS",
            "APPENDLIMIT=35882577",
            "QRESYNC");
  }

  @Test
  void appendLimitIsReadFromItsCapabilityAndIsNullWithoutIt() {
    assertThat(
            ConnectionCheck.appendLimit(
                new LinkedHashSet<>(List.of("UIDPLUS", "APPENDLIMIT=1024"))))
        .isEqualTo(1024L);
    assertThat(ConnectionCheck.appendLimit(new LinkedHashSet<>(List.of("UIDPLUS")))).isNull();
    assertThat(ConnectionCheck.appendLimit(new LinkedHashSet<>(List.of("APPENDLIMIT=x")))).isNull();
  }
}
