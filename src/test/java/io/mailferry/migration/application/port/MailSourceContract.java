package io.mailferry.migration.application.port;

import static io.mailferry.migration.application.port.Letters.DATE;
import static io.mailferry.migration.application.port.Letters.largeLetter;
import static io.mailferry.migration.application.port.Letters.letter;
import static io.mailferry.migration.application.port.Letters.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.Uid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from every {@link MailSource}: run against Dovecot, GreenMail and the
 * in-memory server, so that the rules are the same everywhere.
 */
abstract class MailSourceContract {

  private ServerUnderTest server;
  private MailSource source;
  private Path spool;

  /** A fresh server with one empty account. */
  abstract ServerUnderTest start() throws Exception;

  /** The server's name for a top-level folder. */
  String folder(String name) {
    return name;
  }

  @BeforeEach
  void startServer() throws Exception {
    server = start();
    spool = Files.createTempDirectory("contract-spool");
  }

  @AfterEach
  void stopServer() throws Exception {
    if (source != null) {
      source.close();
    }
    server.close();
  }

  private void deliver(String folder, int first, int count) throws Exception {
    for (int n = first; n < first + count; n++) {
      server.deliver(folder, letter(n, n), n % 2 == 0 ? Set.of("\\Seen") : Set.of(), DATE);
    }
  }

  @Test
  void listsEveryFolderWithMail() throws Exception {
    deliver("INBOX", 1, 1);
    deliver(folder("Projects"), 2, 1);
    source = server.source();
    assertThat(source.listFolders())
        .filteredOn(ListedFolder::selectable)
        .extracting(ListedFolder::fullName)
        .contains("INBOX", folder("Projects"));
  }

  @Test
  void countsEveryFolderAsOpeningItWould() throws Exception {
    deliver("INBOX", 1, 2);
    deliver(folder("Projects"), 3, 3);
    deliver(folder("Empty"), 9, 1);
    server.expunge(folder("Empty"), 1);
    source = server.source();
    Map<String, FolderSize> counts =
        source.countsAndBytes(List.of("INBOX", folder("Projects"), folder("Empty")));
    assertThat(counts).containsOnlyKeys("INBOX", folder("Projects"), folder("Empty"));
    for (String name : counts.keySet()) {
      try (SourceFolder open = source.open(name)) {
        assertThat(counts.get(name)).as(name).isEqualTo(open.countAndBytes());
      }
    }
    assertThat(counts.get(folder("Projects")).messages()).isEqualTo(3);
    assertThat(counts.get(folder("Empty"))).isEqualTo(new FolderSize(0, 0));
  }

  @Test
  void aListingThatCountsListsTheSameAndCountsAsOpeningWould() throws Exception {
    deliver("INBOX", 1, 2);
    deliver(folder("Projects"), 3, 3);
    source = server.source();
    List<ListedFolder> plain = source.listFolders();
    source.countsAndBytesAhead();
    assertThat(source.listFolders()).containsExactlyInAnyOrderElementsOf(plain);
    Map<String, FolderSize> counts = source.countsAndBytes(List.of("INBOX", folder("Projects")));
    assertThat(counts).containsOnlyKeys("INBOX", folder("Projects"));
    for (String name : counts.keySet()) {
      try (SourceFolder open = source.open(name)) {
        assertThat(counts.get(name)).as(name).isEqualTo(open.countAndBytes());
      }
    }
    deliver(folder("Projects"), 6, 1);
    assertThat(source.countsAndBytes(List.of(folder("Projects"))).get(folder("Projects")))
        .as("counted again, not as the listing found it")
        .isEqualTo(new FolderSize(4, counts.get(folder("Projects")).bytes() + letter(6, 6).length));
  }

  @Test
  void servesMessagesInUidOrderFromACursorOn() throws Exception {
    deliver(folder("Projects"), 1, 5);
    source = server.source();
    try (SourceFolder open = source.open(folder("Projects"))) {
      List<MessageRef> first = open.nextMessages(0, 3);
      assertThat(first).hasSize(3).isSortedAccordingTo(Comparator.comparing(MessageRef::uid));
      List<MessageRef> rest = open.nextMessages(first.get(2).uid().value(), 10);
      assertThat(rest).hasSize(2);
      assertThat(rest.get(0).uid()).isGreaterThan(first.get(2).uid());
      assertThat(open.nextMessages(rest.get(1).uid().value(), 10)).isEmpty();
      List<Uid> all = new ArrayList<>();
      first.forEach(r -> all.add(r.uid()));
      rest.forEach(r -> all.add(r.uid()));
      assertThat(open.allUids()).containsExactlyElementsOf(all);
      long bytes = 0;
      for (int n = 1; n <= 5; n++) {
        bytes += letter(n, n).length;
      }
      assertThat(open.countAndBytes()).isEqualTo(new FolderSize(5, bytes));
    }
  }

  @Test
  void servesEachMessageByteForByteWithItsFlagsDateAndFingerprint() throws Exception {
    deliver(folder("Projects"), 1, 4);
    source = server.source();
    try (SourceFolder open = source.open(folder("Projects"))) {
      List<MessageRef> refs = open.nextMessages(0, 10);
      Map<Uid, MessageContent> contents = open.fetchContents(refs, spool);
      for (int i = 0; i < refs.size(); i++) {
        int n = i + 1;
        MessageRef ref = refs.get(i);
        assertThat(ref.size()).isEqualTo(letter(n, n).length);
        assertThat(ref.internalDate()).isEqualTo(DATE);
        assertThat(ref.flags().contains(jakarta.mail.Flags.Flag.SEEN)).isEqualTo(n % 2 == 0);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        contents.get(ref.uid()).writeTo(raw);
        assertThat(sha256(raw.toByteArray())).isEqualTo(sha256(letter(n, n)));
      }
      List<Uid> someUids = List.of(refs.get(3).uid(), refs.get(1).uid());
      assertThat(open.messages(someUids))
          .extracting(MessageRef::fingerprint)
          .containsExactly(refs.get(1).fingerprint(), refs.get(3).fingerprint());
      assertThat(refs).extracting(MessageRef::fingerprint).doesNotHaveDuplicates();
    }
  }

  @Test
  void anExpungedMessageIsNeitherPresentNorServed() throws Exception {
    deliver(folder("Projects"), 1, 3);
    source = server.source();
    List<MessageRef> refs;
    try (SourceFolder open = source.open(folder("Projects"))) {
      refs = open.nextMessages(0, 10);
    }
    server.expunge(folder("Projects"), 2);
    try (SourceFolder open = source.open(folder("Projects"))) {
      List<Uid> uids = refs.stream().map(MessageRef::uid).toList();
      assertThat(open.present(uids)).containsExactlyInAnyOrder(uids.get(0), uids.get(2));
      assertThat(open.fetchContents(refs, spool).keySet())
          .containsExactlyInAnyOrder(uids.get(0), uids.get(2));
      assertThat(open.allUids()).containsExactly(uids.get(0), uids.get(2));
    }
  }

  @Test
  void aFolderOpenedWithItsFirstListingServesTheSameMessagesAsOneListedLater() throws Exception {
    String odd = folder("Re: \"Q3\" Größe");
    deliver(odd, 1, 7);
    source = server.source();
    List<MessageRef> listedLater;
    try (SourceFolder open = source.open(odd)) {
      listedLater = open.nextMessages(0, 100);
    }
    try (SourceFolder open = source.open(odd, 0, 4)) {
      List<MessageRef> first = open.nextMessages(0, 4);
      assertThat(first).hasSize(4);
      List<MessageRef> rest = open.nextMessages(first.get(3).uid().value(), 4);
      assertThat(rest).hasSize(3);
      assertThat(open.nextMessages(rest.get(2).uid().value(), 4)).isEmpty();
      List<MessageRef> all = new ArrayList<>(first);
      all.addAll(rest);
      assertThat(all)
          .extracting(MessageRef::fingerprint)
          .containsExactlyElementsOf(listedLater.stream().map(MessageRef::fingerprint).toList());
      assertThat(open.allUids())
          .containsExactlyElementsOf(listedLater.stream().map(MessageRef::uid).toList());
      assertThat(open.fetchContents(first, spool)).hasSize(4);
    }
  }

  @Test
  void aFolderOpenedToResumeListsOnlyAfterItsCursorAndStillKnowsEveryUid() throws Exception {
    deliver(folder("Projects"), 1, 6);
    source = server.source();
    try (SourceFolder open = source.open(folder("Projects"), 0, 0)) {
      List<MessageRef> all = open.nextMessages(0, 10);
      long cursor = all.get(2).uid().value();
      try (SourceFolder resumed = source.open(folder("Projects"), cursor, 10)) {
        assertThat(resumed.nextMessages(cursor, 10))
            .extracting(MessageRef::uid)
            .containsExactlyElementsOf(all.subList(3, 6).stream().map(MessageRef::uid).toList());
        assertThat(resumed.allUids())
            .containsExactlyElementsOf(all.stream().map(MessageRef::uid).toList());
      }
    }
  }

  @Test
  void largeMessagesArriveWholeByteForByte() throws Exception {
    byte[] twoPieces = largeLetter(1, 2 * 1024 * 1024);
    byte[] exactly = Letters.letterOfExactly(2, 3 * 1024 * 1024);
    server.deliver(folder("Large"), twoPieces, Set.of(), DATE);
    server.deliver(folder("Large"), exactly, Set.of(), DATE);
    source = server.source();
    try (SourceFolder open = source.open(folder("Large"), 0, 10)) {
      List<MessageRef> refs = open.nextMessages(0, 10);
      Map<Uid, MessageContent> contents = open.fetchContents(refs, spool);
      assertThat(contents).hasSize(2);
      List<byte[]> expected = List.of(twoPieces, exactly);
      for (int i = 0; i < 2; i++) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        contents.get(refs.get(i).uid()).writeTo(raw);
        assertThat(raw.size()).isEqualTo(expected.get(i).length);
        assertThat(sha256(raw.toByteArray())).isEqualTo(sha256(expected.get(i)));
      }
      contents.values().forEach(MessageContent::close);
    }
  }

  /** Whether the source hands a large message over before it is read whole (IMAP sources do). */
  boolean handsLargeMessagesOverWhileReading() {
    return true;
  }

  @Test
  void aLargeMessageReadWhileItIsWrittenOnArrivesWholeByteForByte() throws Exception {
    byte[] raw = largeLetter(3, 3 * 1024 * 1024 + 17);
    server.deliver(folder("Large"), raw, Set.of(), DATE);
    source = server.source();
    try (SourceFolder open = source.open(folder("Large"), 0, 10)) {
      MessageRef ref = open.nextMessages(0, 10).get(0);
      ByteArrayOutputStream appended = new ByteArrayOutputStream();
      CompletableFuture<MessageContent> handed = new CompletableFuture<>();
      CompletableFuture<Void> appending = new CompletableFuture<>();

      MessageContent content =
          open.fetchGrowing(
              ref,
              spool,
              growing -> {
                handed.complete(growing);
                appending.completeAsync(
                    () -> {
                      try {
                        assertThat(growing.size()).isEqualTo(raw.length);
                        growing.writeTo(appended);
                        return null;
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
              });

      assertThat(handed.isDone()).isEqualTo(handsLargeMessagesOverWhileReading());
      if (handed.isDone()) {
        assertThat(content).isSameAs(handed.get());
        appending.get(60, TimeUnit.SECONDS);
        assertThat(sha256(appended.toByteArray())).isEqualTo(sha256(raw));
      }
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      content.writeTo(whole);
      assertThat(whole.size()).isEqualTo(raw.length);
      assertThat(sha256(whole.toByteArray())).isEqualTo(sha256(raw));
      content.close();
    }
  }

  @Test
  void contentsAskedForAheadArriveAsAskedAndAnyCommandMayComeBetween() throws Exception {
    deliver(folder("Projects"), 1, 6);
    deliver("INBOX", 7, 2);
    source = server.source();
    try (SourceFolder open = source.open(folder("Projects"), 0, 10)) {
      List<MessageRef> refs = open.nextMessages(0, 10);
      List<MessageRef> first = refs.subList(0, 3);
      List<MessageRef> second = refs.subList(3, 6);
      open.fetchAhead(first);
      assertServed(open.fetchContents(first, spool), first, 1);
      open.fetchAhead(second);
      List<Uid> uids = refs.stream().map(MessageRef::uid).toList();
      assertThat(open.present(uids))
          .as("a command between")
          .containsExactlyInAnyOrderElementsOf(uids);
      assertServed(open.fetchContents(second, spool), second, 4);
      open.fetchAhead(first);
    }
    try (SourceFolder inbox = source.open("INBOX", 0, 10)) {
      List<MessageRef> refs = inbox.nextMessages(0, 10);
      assertServed(inbox.fetchContents(refs, spool), refs, 7);
    }
  }

  @Test
  void foldersOpenedAheadServeWhatTheyHoldInWhateverOrderTheyAreOpened() throws Exception {
    deliver(folder("Projects"), 1, 3);
    deliver(folder("Archive"), 4, 2);
    deliver(folder("Sent"), 6, 2);
    source = server.source();
    List<String> names = List.of(folder("Projects"), folder("Archive"), folder("Sent"));
    assertThat(source.countsAndBytes(names)).hasSize(3);
    for (String name : names) {
      source.openAhead(name, 0, 10);
    }
    int first = 1;
    for (String name : names) {
      try (SourceFolder open = source.open(name, 0, 10)) {
        List<MessageRef> refs = open.nextMessages(0, 10);
        assertServed(open.fetchContents(refs, spool), refs, first);
        first += refs.size();
      }
    }
    source.openAhead(names.get(0), 0, 10);
    source.openAhead(names.get(1), 0, 10);
    try (SourceFolder sent = source.open(names.get(2), 0, 10)) {
      List<MessageRef> refs = sent.nextMessages(0, 10);
      assertServed(sent.fetchContents(refs, spool), refs, 6);
    }
    try (SourceFolder projects = source.open(names.get(0), 0, 10)) {
      List<MessageRef> refs = projects.nextMessages(0, 10);
      assertServed(projects.fetchContents(refs, spool), refs, 1);
    }
  }

  private static void assertServed(Map<Uid, MessageContent> contents, List<MessageRef> refs, int n)
      throws Exception {
    assertThat(contents).hasSize(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      contents.get(refs.get(i).uid()).writeTo(raw);
      assertThat(sha256(raw.toByteArray())).isEqualTo(sha256(letter(n + i, n + i)));
    }
  }

  @Test
  void readingChangesNothingOnTheServer() throws Exception {
    deliver(folder("Projects"), 1, 3);
    var before = server.messages(folder("Projects"));
    source = server.source();
    try (SourceFolder open = source.open(folder("Projects"))) {
      var uidValidity = open.uidValidity();
      open.fetchContents(open.nextMessages(0, 10), spool);
      try (SourceFolder again = source.open(folder("Projects"))) {
        assertThat(again.uidValidity()).isEqualTo(uidValidity);
      }
    }
    assertThat(server.messages(folder("Projects"))).isEqualTo(before);
  }
}
