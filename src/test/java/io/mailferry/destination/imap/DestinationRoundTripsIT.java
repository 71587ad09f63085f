package io.mailferry.destination.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.RefusingImapProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the destination is asked on Dovecot while a folder is filled chunk after chunk: a STATUS
 * costs Dovecot a sync of the folder (13 ms in a 20,000-message maildir), so one is sent before the
 * first MULTIAPPEND into a folder only, and a refused MULTIAPPEND still finds the messages a server
 * kept among those numbered since this connection's last APPEND.
 */
class DestinationRoundTripsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PASSWORD = "rounds-secret-pw";
  private static final Pattern COMMAND = Pattern.compile("^destination C: \\S+ ([A-Z]+)\\b");

  @Test
  void aFolderFilledChunkAfterChunkIsAskedForItsStatusOnce() throws Exception {
    try (DovecotServer server = DovecotServer.builder("destrounds").start()) {
      String user = "rounds@example.test";
      server.addUser(user, PASSWORD);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapDestination destination = connect(server.imapPort(), user, lines)) {
        String folder = server.layout().folderName("Work");
        destination.ensureFolder(folder, true, false);
        int before = lines.size();

        List<AppendOutcome> first = destination.append(folder, letters(1, 2, 3));
        List<AppendOutcome> second = destination.append(folder, letters(4, 5, 6));
        List<AppendOutcome> third = destination.append(folder, letters(7, 8));

        assertThat(commands(lines, before)).containsExactly("STATUS", "APPEND", "APPEND", "APPEND");
        List<Long> uids = new ArrayList<>();
        for (List<AppendOutcome> outcomes : List.of(first, second, third)) {
          outcomes.forEach(outcome -> uids.add(outcome.uid()));
        }
        assertThat(uids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(destination.uids(folder)).containsExactlyInAnyOrderElementsOf(uids);
      }
    }
  }

  @Test
  void aRefusedMultiappendLooksForKeptMessagesAmongThoseNumberedSinceTheLastAppend()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("destrefused").start();
        RefusingImapProxy proxy = new RefusingImapProxy(server.imapPort())) {
      String user = "refused@example.test";
      server.addUser(user, PASSWORD);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapDestination destination = connect(proxy.port(), user, lines);
          ImapDestination anotherClient = connect(server.imapPort(), user, new ArrayList<>())) {
        String folder = server.layout().folderName("Work");
        destination.ensureFolder(folder, true, false);
        destination.append(folder, letters(1, 2));
        // the user's own mail arrives between two chunks: numbered after them, never taken as ours
        anotherClient.append(folder, letters(9));
        proxy.policy((command, whole, n) -> n == 2 ? "NO [UNAVAILABLE] Busy, try later" : null);
        int before = lines.size();

        List<AppendOutcome> outcomes = destination.append(folder, letters(3, 4));

        assertThat(outcomes).extracting(AppendOutcome::uid).containsExactly(4L, 5L);
        assertThat(commands(lines, before))
            .containsExactly(
                "APPEND", "STATUS", "LIST", "EXAMINE", "UID", "CLOSE", "APPEND", "APPEND");
        assertThat(lines).anyMatch(line -> line.matches("destination C: \\S+ UID FETCH 3:3 .*"));
        Map<Fingerprint, List<Long>> held = destination.messagesFrom(folder, 1);
        assertThat(held)
            .containsOnlyKeys(fingerprints(1, 2, 9, 3, 4))
            .allSatisfy((fingerprint, uids) -> assertThat(uids).hasSize(1));
      }
    }
  }

  private static ImapDestination connect(int port, String user, List<String> lines)
      throws Exception {
    return ImapDestination.connect(
        new ServerEndpoint(DovecotServer.HOST, port, Security.NONE, true, null),
        user,
        PASSWORD,
        TIMEOUT,
        TIMEOUT,
        new ProtocolTrace("destination", lines::add));
  }

  /** The verbs of the commands sent after the first {@code before} lines. */
  private static List<String> commands(List<String> lines, int before) {
    List<String> verbs = new ArrayList<>();
    for (String line : List.copyOf(lines.subList(before, lines.size()))) {
      Matcher matcher = COMMAND.matcher(line);
      if (matcher.find()) {
        verbs.add(matcher.group(1));
      }
    }
    return verbs;
  }

  private static List<OutgoingMessage> letters(int... numbers) {
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int n : numbers) {
      byte[] bytes = letter(n);
      messages.add(
          new OutgoingMessage(
              MessageContent.inMemory(bytes, 0, bytes.length),
              "\\Seen",
              Instant.parse("2019-06-03T09:41:07Z"),
              fingerprint(n)));
    }
    return messages;
  }

  private static Fingerprint[] fingerprints(int... numbers) {
    Fingerprint[] result = new Fingerprint[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      result[i] = fingerprint(numbers[i]);
    }
    return result;
  }

  private static Fingerprint fingerprint(int n) {
    return Fingerprint.of(
        "<round-" + n + "@example.test>",
        "Mon, 3 Jun 2019 09:41:07 +0000",
        "ana@example.test",
        "ben@example.test",
        "letter " + n,
        Instant.parse("2019-06-03T09:41:07Z"),
        letter(n).length);
  }

  private static byte[] letter(int n) {
    return ("Message-ID: <round-"
            + n
            + "@example.test>\r\n"
            + "Date: Mon, 3 Jun 2019 09:41:07 +0000\r\n"
            + "From: ana@example.test\r\n"
            + "To: ben@example.test\r\n"
            + "Subject: letter "
            + n
            + "\r\n\r\n"
            + "line one of letter "
            + n
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
