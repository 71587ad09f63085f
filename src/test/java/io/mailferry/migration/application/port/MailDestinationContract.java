package io.mailferry.migration.application.port;

import static io.mailferry.migration.application.port.Letters.DATE;
import static io.mailferry.migration.application.port.Letters.letter;
import static io.mailferry.migration.application.port.Letters.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.GrowingSpool;
import io.mailferry.imap.MessageContent;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from every {@link MailDestination}: run against Dovecot, GreenMail and
 * the in-memory server, so that the rules are the same everywhere.
 */
abstract class MailDestinationContract {

  private ServerUnderTest server;
  private MailDestination destination;
  private Path spool;

  abstract ServerUnderTest start() throws Exception;

  @BeforeEach
  void startServer() throws Exception {
    server = start();
    destination = server.destination();
    spool = Files.createTempDirectory("contract-spool");
  }

  @AfterEach
  void stopServer() throws Exception {
    destination.close();
    server.close();
  }

  private String name(String... levels) {
    return destination.namespacePrefix()
        + String.join(String.valueOf(destination.separator()), levels);
  }

  private static OutgoingMessage outgoing(int n, String flags) {
    byte[] raw = letter(n, n);
    return new OutgoingMessage(MessageContent.inMemory(raw, 0, raw.length), flags, DATE, null);
  }

  @Test
  void createsNestedFoldersOnceAndSubscribesThem() throws Exception {
    String child = name("Archive", "2019");
    destination.ensureFolder(child, true, true);
    destination.ensureFolder(child, true, true);
    List<ListedFolder> folders = destination.listFolders();
    assertThat(folders).extracting(ListedFolder::fullName).containsOnlyOnce(name("Archive"), child);
    assertThat(server.subscribed()).contains(child.replace(destination.separator(), '/'));
    FolderStatus status = destination.status(child);
    assertThat(status.uidValidity()).isPositive();
    assertThat(status.uidNext()).isPositive();
  }

  @Test
  void appendsEveryMessageWithItsBytesFlagsAndDate() throws Exception {
    String folder = name("Projects");
    destination.ensureFolder(folder, true, false);
    List<AppendOutcome> outcomes =
        destination.append(
            folder,
            List.of(outgoing(1, "\\Seen"), outgoing(2, ""), outgoing(3, "\\Flagged $Work")));
    assertThat(outcomes).hasSize(3).allMatch(AppendOutcome::isAppended);
    List<Long> uids = outcomes.stream().map(AppendOutcome::uid).toList();
    if (uids.stream().allMatch(uid -> uid != null)) {
      assertThat(uids).isSorted().doesNotHaveDuplicates();
      assertThat(destination.uids(folder)).containsExactlyInAnyOrderElementsOf(uids);
      assertThat(destination.status(folder).uidNext()).isGreaterThan(uids.get(2));
    } else {
      assertThat(destination.uids(folder)).hasSize(3);
    }
    List<MessageSnapshot> expected = new ArrayList<>();
    String[] flags = {"\\Seen", "", "$Work \\Flagged"};
    for (int n = 1; n <= 3; n++) {
      expected.add(
          new MessageSnapshot(sha256(letter(n, n)), letter(n, n).length, flags[n - 1], DATE));
    }
    assertThat(server.messages(folder)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * A large message's spool, {@code served} octets of it in, the source having listed {@code
   * listed}.
   */
  private GrowingSpool growing(byte[] raw, int served, long listed) throws Exception {
    Path file = Files.createTempFile(spool, "msg-", ".eml");
    Files.write(file, java.util.Arrays.copyOf(raw, served));
    GrowingSpool content = new GrowingSpool(file, listed);
    content.written(0, served);
    return content;
  }

  private static OutgoingMessage outgoing(MessageContent content) {
    return new OutgoingMessage(content, "\\Seen", DATE, null);
  }

  /**
   * Starts appending the content on a thread of its own and returns once the literal waits for the
   * source: its first octets are on their way to the server.
   */
  private CompletableFuture<List<AppendOutcome>> appendWhileServed(
      String folder, GrowingSpool content) {
    CompletableFuture<List<AppendOutcome>> outcome = new CompletableFuture<>();
    Thread appender =
        new Thread(
            () -> {
              try {
                outcome.complete(destination.append(folder, List.of(outgoing(content))));
              } catch (Exception | Error e) {
                outcome.completeExceptionally(e);
              }
            });
    appender.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!waitsForTheSource(appender)) {
      assertThat(outcome).as("the append waits for the source").isNotDone();
      assertThat(System.nanoTime()).as("the append waits for the source").isLessThan(deadline);
      Thread.yield();
    }
    return outcome;
  }

  private static boolean waitsForTheSource(Thread appender) {
    return appender.getState() == Thread.State.WAITING
        && java.util.Arrays.stream(appender.getStackTrace())
            .anyMatch(frame -> frame.getClassName().equals(GrowingSpool.class.getName()));
  }

  private static Throwable failureOf(CompletableFuture<List<AppendOutcome>> outcome)
      throws Exception {
    try {
      outcome.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the append succeeded: " + outcome.get());
  }

  @Test
  void aMessageTheSourceStopsServingHalfwayIsNotStoredAndIsAppendedWholeLater() throws Exception {
    String folder = name("Large");
    destination.ensureFolder(folder, true, false);
    byte[] raw = Letters.largeLetter(1, 600 * 1024);
    GrowingSpool content = growing(raw, raw.length / 2, raw.length);
    var outcome = appendWhileServed(folder, content);

    content.fail("connection reset by the source");

    assertThat(failureOf(outcome))
        .isInstanceOf(MessagingException.class)
        .hasStackTraceContaining("connection reset by the source");
    assertThat(appendAgainOnANewConnection(folder, raw)).isEqualTo(1);
  }

  @Test
  void aMessageServedLongerOrShorterThanListedIsNotStoredAndIsAppendedWholeLater()
      throws Exception {
    String folder = name("Large");
    destination.ensureFolder(folder, true, false);
    byte[] raw = Letters.largeLetter(2, 600 * 1024);
    for (long listed : new long[] {raw.length - 1, raw.length + 1}) {
      GrowingSpool content = growing(raw, raw.length, listed);
      var outcome = appendWhileServed(folder, content);

      content.complete(raw.length);

      assertThat(failureOf(outcome))
          .isInstanceOf(MessagingException.class)
          .hasStackTraceContaining(
              "the source listed " + listed + " octets and served " + raw.length + " octets");
      destination.close();
      destination = server.destination();
      assertThat(server.messages(folder)).isEmpty();
    }

    assertThat(appendAgainOnANewConnection(folder, raw)).isEqualTo(1);
  }

  /** Appends the whole message on a fresh connection: how many copies of it the folder holds. */
  private long appendAgainOnANewConnection(String folder, byte[] raw) throws Exception {
    destination.close();
    destination = server.destination();
    assertThat(server.messages(folder)).isEmpty();
    GrowingSpool whole = growing(raw, raw.length, raw.length + 7);
    whole.complete(raw.length);
    assertThat(destination.append(folder, List.of(outgoing(whole))))
        .allMatch(AppendOutcome::isAppended);
    List<MessageSnapshot> stored = server.messages(folder);
    assertThat(stored)
        .containsExactly(new MessageSnapshot(sha256(raw), raw.length, "\\Seen", DATE));
    return stored.size();
  }

  @Test
  void recognisesWhatWasAppendedFromAUidOnIdenticalMessagesEachOnce() throws Exception {
    String folder = name("Projects");
    destination.ensureFolder(folder, true, false);
    destination.append(folder, List.of(outgoing(1, ""), outgoing(2, "")));
    long mark = destination.status(folder).uidNext();
    destination.append(folder, List.of(outgoing(3, ""), outgoing(3, ""), outgoing(4, "")));
    Map<Fingerprint, List<Long>> found = destination.messagesFrom(folder, mark);
    assertThat(found).hasSize(2);
    assertThat(found.values()).extracting(List::size).containsExactlyInAnyOrder(2, 1);
    assertThat(found.values().stream().flatMap(List::stream)).allMatch(uid -> uid >= mark);
    assertThat(destination.messagesFrom(folder, 1).values().stream().mapToInt(List::size).sum())
        .isEqualTo(5);
  }

  @Test
  void changesOnlyTheFlagsItIsAskedTo() throws Exception {
    String folder = name("Projects");
    destination.ensureFolder(folder, true, false);
    destination.append(folder, List.of(outgoing(1, "\\Seen $Work"), outgoing(2, "\\Seen")));
    List<Long> uids = destination.uids(folder).stream().sorted().toList();
    destination.changeFlags(
        folder, List.of(new MailDestination.FlagChange(uids.get(0), "\\Flagged", "\\Seen")));
    assertThat(server.messages(folder))
        .extracting(MessageSnapshot::flags)
        .containsExactlyInAnyOrder("$Work \\Flagged", "\\Seen");
  }
}
