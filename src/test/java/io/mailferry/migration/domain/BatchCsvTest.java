package io.mailferry.migration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchCsvTest {

  private static final Set<String> DOMAINS = Set.of("example.org", "other.test");

  private static BatchCsv.Result parse(String text) {
    return new BatchCsv(DOMAINS::contains, false).parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static BatchCsv.Result parseWithMaster(String text) {
    return new BatchCsv(DOMAINS::contains, true).parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCommaFileWithAHeaderGivesEveryMailboxWithItsLine() {
    BatchCsv.Result result =
        parse("email,password\nalice@example.org,secret1\r\n\nBob@EXAMPLE.org,\"pa,ss\"\"word\"\n");

    assertThat(result.rejected()).isEmpty();
    assertThat(result.lines())
        .containsExactly(
            new BatchLine(2, "alice@example.org", "secret1", null, null),
            new BatchLine(4, "Bob@example.org", "pa,ss\"word", null, null));
  }

  @Test
  void aSemicolonFileWithABomAndOptionalColumnsIsRead() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        ("Email;Password;Source_Login;Destination_Email\n"
                + "alice@example.org;s;e,cret;alice.old;alice@new.example.org\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, file, 0, bom.length);
    System.arraycopy(body, 0, file, bom.length, body.length);

    BatchCsv.Result result = new BatchCsv(DOMAINS::contains, false).parse(file);

    assertThat(result.rejected())
        .containsExactly(
            new RejectedLine(
                2,
                "5 fields where the header names 4 (a password with ';' must be in double quotes)"));
    BatchCsv.Result quoted =
        new BatchCsv(DOMAINS::contains, false)
            .parse(
                "\uFEFFemail;password;source_login;destination_email\nalice@example.org;\"s;e,cret\";alice.old;alice@NEW.example.org\n"
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(quoted.rejected()).isEmpty();
    assertThat(quoted.lines())
        .containsExactly(
            new BatchLine(
                2, "alice@example.org", "s;e,cret", "alice.old", "alice@new.example.org"));
    assertThat(quoted.lines().get(0).mailbox()).isEqualTo("alice@new.example.org");
  }

  @Test
  void everyBadLineIsReportedWithItsNumberAndReason() {
    BatchCsv.Result result =
        parse(
            "email,password\n"
                + "alice@example.org,one\n"
                + "not-an-address,two\n"
                + "carol@example.org,\n"
                + "ALICE@Example.org,three\n"
                + "dave@unknown.test,four\n"
                + "erin@other.test,\"unclosed\n"
                + "frank@example.org,five\n");

    assertThat(result.rejected())
        .containsExactly(
            new RejectedLine(3, "'not-an-address' is not a mail address"),
            new RejectedLine(4, "no password for carol@example.org"),
            new RejectedLine(5, "alice@example.org is on line 2 already"),
            new RejectedLine(
                6, "no source server is registered for unknown.test: add the domain first"),
            new RejectedLine(7, "a quoted field is not closed on this line"));
    assertThat(result.lines()).extracting(BatchLine::line).containsExactly(2, 8);
    assertThat(result.isClean()).isFalse();
  }

  @Test
  void aDestinationAddressTakenByAnotherLineIsADuplicate() {
    BatchCsv.Result result =
        parse(
            "email,password,destination_email\n"
                + "alice@example.org,one,shared@other.test\n"
                + "bob@example.org,two,Shared@Other.test\n");

    assertThat(result.rejected())
        .containsExactly(new RejectedLine(3, "shared@other.test is on line 2 already"));
  }

  @Test
  void withAMasterLoginPasswordsMayBeLeftOut() {
    BatchCsv.Result noColumn = parseWithMaster("email\nalice@example.org\nbob@example.org\n");
    BatchCsv.Result emptyColumn = parseWithMaster("email,password\nalice@example.org,\n");

    assertThat(noColumn.rejected()).isEmpty();
    assertThat(noColumn.lines()).extracting(BatchLine::password).containsOnlyNulls();
    assertThat(emptyColumn.rejected()).isEmpty();
    assertThat(parse("email\nalice@example.org\n").rejected())
        .containsExactly(
            new RejectedLine(
                1,
                "the header row names no password column; without passwords give a master login"));
  }

  @Test
  void moreThanAThousandMailboxesAreRefusedAtTheFirstLineTooMany() {
    StringBuilder csv = new StringBuilder("email,password\n");
    for (int i = 0; i < 1001; i++) {
      csv.append("user").append(i).append("@example.org,pw").append(i).append('\n');
    }

    BatchCsv.Result result = parse(csv.toString());

    assertThat(result.rejected())
        .containsExactly(
            new RejectedLine(
                1002, "more than 1000 mailboxes: split the file into several batches"));
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedAtTheLineOfItsFirstBadByte() {
    byte[] latin1 =
        "email,password\nj\u00fcrgen@example.org,pw\n".getBytes(StandardCharsets.ISO_8859_1);

    BatchCsv.Result result = new BatchCsv(DOMAINS::contains, false).parse(latin1);

    assertThat(result.rejected())
        .containsExactly(new RejectedLine(2, "not UTF-8 (byte 0xFC): save the file as UTF-8"));
    assertThat(result.lines()).isEmpty();
  }

  @Test
  void somethingThatIsNotACsvIsRefused() {
    assertThat(parse("%PDF-1.7\n1 0 obj\n").rejected())
        .containsExactly(
            new RejectedLine(
                1,
                "not a CSV file with a header row: the first line must name the columns, e.g."
                    + " email,password"));
    assertThat(new BatchCsv(DOMAINS::contains, false).parse(new byte[] {'e', 0, 1, 2}).rejected())
        .containsExactly(new RejectedLine(1, "not a CSV file: it holds binary data"));
    assertThat(parse("").rejected())
        .extracting(RejectedLine::reason)
        .containsExactly(
            "the file is empty: the first line must name the columns, e.g. email,password");
    assertThat(parse("email,password,quota\n").rejected())
        .containsExactly(
            new RejectedLine(
                1,
                "unknown column 'quota'; the columns are email, password, source_login,"
                    + " destination_email"));
  }

  @Test
  void aLineWithMoreFieldsThanTheHeaderIsRefused() {
    assertThat(parse("email,password\nalice@example.org,pa,ss\n").rejected())
        .extracting(RejectedLine::line)
        .containsExactly(2);
  }

  @Test
  void passwordsNeverShowInALinesText() {
    BatchLine line = new BatchLine(2, "alice@example.org", "Very-Secret", null, null);

    assertThat(line.toString()).doesNotContain("Very-Secret").contains("alice@example.org");
  }

  @Test
  void aThousandLineFileValidatesAndItsTimeIsPrinted() {
    StringBuilder csv = new StringBuilder("\uFEFFemail;password;source_login\n");
    for (int i = 0; i < 1000; i++) {
      csv.append("user.")
          .append(i)
          .append("@example.org;\"p;w")
          .append(i)
          .append("\";login")
          .append(i)
          .append('\n');
    }
    byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
    BatchCsv parser = new BatchCsv(DOMAINS::contains, false);

    long start = System.nanoTime();
    BatchCsv.Result result = parser.parse(file);
    long micros = (System.nanoTime() - start) / 1000;

    System.out.println(
        "A 1000-line batch CSV ("
            + file.length
            + " bytes) validated in "
            + micros / 1000.0
            + " ms (first run, cold)");
    assertThat(result.rejected()).isEmpty();
    assertThat(result.lines()).hasSize(1000);
    assertThat(result.lines().get(999))
        .isEqualTo(new BatchLine(1001, "user.999@example.org", "p;w999", "login999", null));
  }

  @Test
  void separatorsAreFoundInTheHeader() {
    assertThat(BatchCsv.separatorOf("email;password")).isEqualTo(';');
    assertThat(BatchCsv.separatorOf("email,password")).isEqualTo(',');
    assertThat(BatchCsv.separatorOf("email")).isEqualTo(',');
    assertThat(BatchCsv.fields("a,\"b,c\",,d", ',')).isEqualTo(List.of("a", "b,c", "", "d"));
  }
}
