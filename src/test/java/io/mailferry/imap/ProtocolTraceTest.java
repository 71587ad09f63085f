package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolTraceTest {

  private final List<String> lines = new ArrayList<>();
  private final ProtocolTrace trace = new ProtocolTrace("source", lines::add);

  private static void feed(OutputStream direction, String text) throws IOException {
    direction.write(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theServersAnswersAreShownInItsOwnWords() throws IOException {
    feed(trace.received(), "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n");
    feed(trace.sent(), "A1 LOGIN alice secret\r\n");
    feed(trace.received(), "A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    assertThat(lines)
        .containsExactly(
            "source S: * OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.",
            "source C: A1 LOGIN •••",
            "source S: A1 NO [AUTHENTICATIONFAILED] Authentication failed.");
  }

  @Test
  void noPasswordIsShownWhateverTheLoginLooksLike() throws IOException {
    feed(trace.sent(), "A1 LOGIN \"alice@example.org\" \"secret-pw\"\r\n");
    feed(trace.sent(), "A2 LOGIN {5}\r\nalice {9}\r\nsecret-pw\r\n");
    feed(trace.sent(), "A3 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldC1wdw==\r\n");
    feed(trace.sent(), "A4 AUTHENTICATE PLAIN\r\n");
    feed(trace.received(), "+ \r\n");
    feed(trace.sent(), "AGFsaWNlAHNlY3JldC1wdw==\r\n");
    assertThat(String.join("\n", lines)).doesNotContain("secret-pw", "AGFsaWNl", "alice");
    assertThat(lines)
        .containsExactly(
            "source C: A1 LOGIN •••",
            "source C: A2 LOGIN •••",
            "source C: A3 AUTHENTICATE •••",
            "source C: A4 AUTHENTICATE •••",
            "source S: + ",
            "source C: •••");
  }

  @Test
  void aFetchedMessageIsShownAsItsSizeAndTheAnswerStaysOneLine() throws IOException {
    String body = "Subject: private\r\n\r\nDo not show me {12}\r\n";
    feed(trace.sent(), "A5 UID FETCH 7 (BODY.PEEK[])\r\n");
    feed(
        trace.received(),
        "* 1 FETCH (UID 7 BODY[] {" + body.length() + "}\r\n" + body + " FLAGS (\\Seen))\r\n");
    feed(trace.received(), "A5 OK Fetch completed.\r\n");
    assertThat(lines)
        .containsExactly(
            "source C: A5 UID FETCH 7 (BODY.PEEK[])",
            "source S: * 1 FETCH (UID 7 BODY[] <" + body.length() + " bytes> FLAGS (\\Seen))",
            "source S: A5 OK Fetch completed.");
  }

  @Test
  void aMultiappendIsOneLineWithEachMessageAsItsSize() throws IOException {
    feed(trace.sent(), "A6 APPEND INBOX (\\Seen) \"01-Jan-2020 00:00:00 +0000\" {7+}\r\nhel\r\nlo");
    feed(trace.sent(), " () \"02-Jan-2020 00:00:00 +0000\" {3}\r\n");
    feed(trace.received(), "+ OK\r\n");
    feed(trace.sent(), "bye\r\n");
    feed(trace.received(), "A6 OK [APPENDUID 1795976563 1:2] Append completed.\r\n");
    assertThat(lines)
        .containsExactly(
            "source S: + OK",
            "source C: A6 APPEND INBOX (\\Seen) \"01-Jan-2020 00:00:00 +0000\" <7 bytes> ()"
                + " \"02-Jan-2020 00:00:00 +0000\" <3 bytes>",
            "source S: A6 OK [APPENDUID 1795976563 1:2] Append completed.");
  }

  @Test
  void longLinesAreCut() throws IOException {
    feed(trace.received(), "* 3 EXISTS " + "x".repeat(1000) + "\r\n");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .endsWith("… (" + (11 + 1000 - ProtocolTrace.MAX_LINE) + " more characters)");
  }
}
