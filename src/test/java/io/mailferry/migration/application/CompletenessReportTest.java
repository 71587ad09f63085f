package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletenessReportTest {

  @Test
  void theCsvHasALinePerFolderAndAnotherPerOutstandingMessage() {
    CompletenessReport report =
        new CompletenessReport(
            "kim@example.org",
            "ERROR",
            "Incomplete",
            2,
            false,
            1,
            List.of(
                new CompletenessReport.FolderLine(
                    "INBOX", "INBOX", 10, 2048, 7, 2, 0, 1, false, "1 source message", null)),
            List.of(
                new CompletenessReport.Outstanding(
                    "INBOX", 9L, "Hello, \"world\"", 512L, "REFUSED", "[TOOBIG] too big", 2)));

    assertThat(report.csv())
        .isEqualTo(
            "folder,destination,source_messages,source_bytes,copied,already_there,"
                + "skipped_by_rule,refused,verified,verification\r\n"
                + "INBOX,INBOX,10,2048,7,2,0,1,no,1 source message\r\n"
                + "\r\nfolder,uid,subject,size,kind,reason,run\r\n"
                + "INBOX,9,\"Hello, \"\"world\"\"\",512,REFUSED,[TOOBIG] too big,2\r\n");
  }

  @Test
  void aSubjectThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertThat(CompletenessReport.cell("=HYPERLINK(\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(CompletenessReport.cell("+1")).isEqualTo("'+1");
    assertThat(CompletenessReport.cell(null)).isEmpty();
  }
}
