package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.junit.jupiter.api.Test;

/**
 * Commands sent without waiting, their answers told apart as a server that runs them at once gives
 * them.
 */
class PipelinedCommandsTest {

  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

  /** A connection whose server answers with the script; its tags are A0, A1, ... */
  private IMAPProtocol server(String script) throws Exception {
    Properties props = new Properties();
    props.setProperty("mail.imap.reusetagprefix", "true");
    return new IMAPProtocol(
        new ByteArrayInputStream(script.getBytes(StandardCharsets.US_ASCII)),
        new PrintStream(sent, true, StandardCharsets.US_ASCII),
        props,
        false);
  }

  @Test
  void everyCommandIsWrittenBeforeAnyAnswerIsReadAndEachGetsItsTaggedStatus() throws Exception {
    IMAPProtocol protocol =
        server(
            "* 2 EXISTS\r\n"
                + "A0 OK [READ-ONLY] done\r\n"
                + "* 1 FETCH (UID 7 BODY[]<0> {3}\r\nabc)\r\n"
                + "* 1 FETCH (UID 7 BODY[]<3> {2}\r\nde)\r\n"
                + "A1 OK fetched\r\n"
                + "A2 NO [SERVERBUG] no\r\n");
    List<String> received = new ArrayList<>();

    Response[] statuses =
        PipelinedCommands.send(
            protocol,
            List.of(
                "EXAMINE \"INBOX\"",
                "UID FETCH 7 (BODY.PEEK[]<0.3>)",
                "UID FETCH 7 (BODY.PEEK[]<3.3>)"),
            (pending, response) -> {
              String origin =
                  response instanceof FetchResponse fetch
                      ? "body at " + fetch.getItem(BODY.class).getOrigin()
                      : response.toString();
              received.add(pending + ": " + origin);
            });

    assertThat(sent.toString(StandardCharsets.US_ASCII))
        .isEqualTo(
            "A0 EXAMINE \"INBOX\"\r\nA1 UID FETCH 7 (BODY.PEEK[]<0.3>)\r\n"
                + "A2 UID FETCH 7 (BODY.PEEK[]<3.3>)\r\n");
    assertThat(statuses).extracting(Response::getTag).containsExactly("A0", "A1", "A2");
    assertThat(statuses[2].isNO()).isTrue();
    assertThat(received)
        .as("the second piece came while the first FETCH was outstanding: told by its origin")
        .containsExactly("0: * 2 EXISTS", "1: body at 0", "1: body at 3");
  }

  @Test
  void aLaterCommandFinishedFirstGetsItsOwnStatusAndTheEarlierIsStillWaitedFor() throws Exception {
    // Dovecot runs a listing and a contents FETCH at once and may finish the second first
    IMAPProtocol protocol =
        server(
            "A0 OK [READ-ONLY] done\r\n"
                + "* 1 FETCH (UID 7 BODY[]<0> {3}\r\nabc)\r\n"
                + "A2 OK contents\r\n"
                + "* 1 FETCH (UID 7 FLAGS ())\r\n"
                + "A1 OK listing\r\n"
                + "A3 OK after\r\n");
    List<String> received = new ArrayList<>();

    Response[] statuses =
        PipelinedCommands.send(
            protocol,
            List.of("EXAMINE \"INBOX\"", "UID FETCH 1:* (FLAGS)", "FETCH 1:1 (UID BODY.PEEK[])"),
            (pending, response) -> received.add(pending + ": " + response));

    assertThat(statuses)
        .extracting(Response::toString)
        .containsExactly("A0 OK [READ-ONLY] done", "A1 OK listing", "A2 OK contents");
    assertThat(received)
        .containsExactly(
            "1: * 1 FETCH (UID 7 BODY[]<0> {3}\r\nabc)", "1: * 1 FETCH (UID 7 FLAGS ())");
    assertThat(protocol.command("NOOP", null)[0].toString())
        .as("nothing of the three answers is left for the next command")
        .isEqualTo("A3 OK after");
  }

  @Test
  void aConnectionThatBreaksEndsEveryUnansweredCommandWithABye() throws Exception {
    IMAPProtocol protocol = server("A0 OK done\r\n* 1 FETCH (UID 7 FL");

    Response[] statuses =
        PipelinedCommands.send(
            protocol, List.of("NOOP", "UID FETCH 7 (FLAGS)", "NOOP"), (n, r) -> {});

    assertThat(statuses[0].isOK()).isTrue();
    assertThat(statuses[1].isBYE()).isTrue();
    assertThat(statuses[2].isBYE()).isTrue();
  }

  @Test
  void aReceiverThatFailsLeavesTheConnectionReadPastEveryAnswerAndThrowsAfter() throws Exception {
    IMAPProtocol protocol =
        server(
            "* 1 FETCH (UID 7 FLAGS ())\r\nA0 OK done\r\n* 2 FETCH (UID 8 FLAGS ())\r\nA1 OK done\r\nA2 OK after\r\n");

    assertThatThrownBy(
            () ->
                PipelinedCommands.send(
                    protocol,
                    List.of("UID FETCH 7 (FLAGS)", "UID FETCH 8 (FLAGS)"),
                    (n, r) -> {
                      throw new IllegalStateException("spool full");
                    }))
        .hasMessage("spool full");
    assertThat(protocol.command("NOOP", null)[0].toString()).isEqualTo("A2 OK after");
  }
}
