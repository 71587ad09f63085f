package io.mailferry.source.imap;

import static io.mailferry.source.imap.FetchesAhead.Kind.BODIES;
import static io.mailferry.source.imap.FetchesAhead.Kind.PIECES;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.api.Test;

/**
 * Body FETCHes written ahead, their answers read as a server gives them: each FETCH's messages
 * reach the chunk that asked for them, even where the server answers two at once (RFC 3501 5.5).
 * The folder is only told apart by identity, so none is needed here.
 */
class FetchesAheadTest {

  private static final OpenSourceFolder FOLDER = null;

  private final FetchesAhead ahead = new FetchesAhead();

  @Test
  void aResponseForTheLaterFetchThatComesFirstIsKeptForIt() throws Exception {
    IMAPProtocol protocol =
        server(
            body(1, 1, "one")
                + body(3, 5, "fiv")
                + body(2, 2, "two")
                + "A0 OK fetched\r\n"
                + body(4, 6, "six")
                + "A1 OK fetched\r\n");
    ahead.add(FOLDER, uids(1, 2), BODIES, List.of("A0"));
    ahead.add(FOLDER, uids(5, 6), BODIES, List.of("A1"));

    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    assertThat(ahead.take(protocol, FOLDER, uids(1, 2), BODIES, into(first))).isTrue();
    assertThat(ahead.take(protocol, FOLDER, uids(5, 6), BODIES, into(second))).isTrue();

    assertThat(first).containsExactly("1=one", "2=two");
    assertThat(second).containsExactly("5=fiv", "6=six");
  }

  @Test
  void takingALaterFetchReadsAndDropsTheOnesSentBeforeIt() throws Exception {
    IMAPProtocol protocol =
        server(body(1, 1, "one") + "A0 OK fetched\r\n" + body(2, 5, "fiv") + "A1 OK fetched\r\n");
    ahead.add(FOLDER, uids(1), BODIES, List.of("A0"));
    ahead.add(FOLDER, uids(5), BODIES, List.of("A1"));

    List<String> taken = new ArrayList<>();
    assertThat(ahead.take(protocol, FOLDER, uids(1, 2), BODIES, into(taken)))
        .as("no FETCH was sent for these")
        .isFalse();
    assertThat(ahead.take(protocol, FOLDER, uids(5), BODIES, into(taken))).isTrue();

    assertThat(taken).containsExactly("5=fiv");
    assertThat(ahead.anyFor(FOLDER)).isFalse();
  }

  @Test
  void piecesSentAheadAreReadAfterWhatIsWrittenBehindThemWhichKeepsItsOwnAnswers()
      throws Exception {
    IMAPProtocol protocol =
        server(
            piece(1, 7, 0, "abc")
                + body(2, 9, "nin")
                + piece(1, 7, 3, "de")
                + "A0 OK fetched\r\n"
                + "A1 OK fetched\r\n"
                + body(3, 10, "ten")
                + "A2 OK fetched\r\n");
    ahead.add(FOLDER, uids(7), PIECES, List.of("A0", "A1"));

    List<String> pieces = new ArrayList<>();
    var statuses =
        ahead.takePieces(
            protocol,
            FOLDER,
            Uid.of(7),
            () -> ahead.add(FOLDER, uids(9, 10), BODIES, List.of("A2")),
            into(pieces));
    List<String> behind = new ArrayList<>();
    boolean taken = ahead.take(protocol, FOLDER, uids(9, 10), BODIES, into(behind));

    assertThat(statuses).allMatch(status -> status.isOK());
    assertThat(pieces).containsExactly("7=abc", "7=de");
    assertThat(taken).isTrue();
    assertThat(behind)
        .as("its answer that came amid the pieces")
        .containsExactly("9=nin", "10=ten");
    assertThat(ahead.containsPieces(FOLDER, Uid.of(7), 2)).isFalse();
  }

  @Test
  void aLaterFetchThatFinishesFirstHasItsStatusKeptForIt() throws Exception {
    IMAPProtocol protocol =
        server(
            body(1, 1, "one")
                + body(2, 5, "fiv")
                + "A1 OK fetched\r\n"
                + "A0 OK fetched\r\n"
                + "A2 OK nothing\r\n");
    ahead.add(FOLDER, uids(1), BODIES, List.of("A0"));
    ahead.add(FOLDER, uids(5), BODIES, List.of("A1"));
    ahead.add(FOLDER, uids(8), BODIES, List.of("A2"));

    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    assertThat(ahead.take(protocol, FOLDER, uids(1), BODIES, into(first))).isTrue();
    assertThat(ahead.take(protocol, FOLDER, uids(5), BODIES, into(second))).isTrue();

    assertThat(first).containsExactly("1=one");
    assertThat(second)
        .as("read whole, not waiting for a status read before")
        .containsExactly("5=fiv");
    assertThat(ahead.take(protocol, FOLDER, uids(8), BODIES, into(first))).isTrue();
  }

  private static String piece(int sequence, long uid, long origin, String text) {
    return "* "
        + sequence
        + " FETCH (UID "
        + uid
        + " BODY[]<"
        + origin
        + "> {"
        + text.length()
        + "}\r\n"
        + text
        + ")\r\n";
  }

  private IMAPProtocol server(String script) throws Exception {
    return new IMAPProtocol(
        new ByteArrayInputStream(script.getBytes(StandardCharsets.US_ASCII)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.US_ASCII),
        new Properties(),
        false);
  }

  private static String body(int sequence, long uid, String text) {
    return "* "
        + sequence
        + " FETCH (UID "
        + uid
        + " BODY[] {"
        + text.length()
        + "}\r\n"
        + text
        + ")\r\n";
  }

  private static List<Uid> uids(long... values) {
    List<Uid> uids = new ArrayList<>();
    for (long value : values) {
      uids.add(Uid.of(value));
    }
    return uids;
  }

  private static PipelinedCommands.Receiver into(List<String> received) {
    return (pending, response) -> {
      FetchResponse fetch = (FetchResponse) response;
      received.add(
          fetch.getItem(UID.class).uid
              + "="
              + new String(
                  fetch.getItem(BODY.class).getByteArray().getNewBytes(), StandardCharsets.UTF_8));
    };
  }
}
