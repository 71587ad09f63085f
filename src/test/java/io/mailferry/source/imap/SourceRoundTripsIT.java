package io.mailferry.source.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.imap.MessageRef;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.RefusingImapProxy;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a distant source costs in round trips, read from the conversation on Dovecot: a folder read
 * whole is one round trip to open and list it and one for its contents; no CLOSE, no listing of its
 * end; the next chunk's contents asked for before they are needed; a fresh folder's first contents
 * asked for with its opening.
 */
class SourceRoundTripsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aFolderIsOpenedAndListedInOneRoundTripAndItsEndCostsNone() throws Exception {
    // the next folder's opening is written while the folder before is still being read
    try (DovecotServer server = DovecotServer.builder("roundtrips").start()) {
      String user = "trips@example.test";
      server.addUser(user, "trips-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 5);
      corpus.add(6, 3_000, "Projects");
      corpus.add(2, 3_000, "Archive");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      Path spool = Files.createTempDirectory("trips-spool");
      try (ImapSource source = connect(server, user, "trips-secret-pw", lines)) {
        String projects = server.layout().folderName("Projects");
        String archive = server.layout().folderName("Archive");
        source.namespacePrefix(); // the session's start, sent with the first command
        int before = lines.size();
        OpenSourceFolder open = source.open(projects, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        assertThat(refs).hasSize(6);
        List<MessageRef> first = refs.subList(0, 3);
        open.fetchContents(first, spool).values().forEach(c -> c.close());
        open.fetchAhead(refs.subList(3, 6));
        open.fetchContents(refs.subList(3, 6), spool).values().forEach(c -> c.close());
        assertThat(open.nextMessages(refs.get(5).uid().value(), 800)).isEmpty();
        assertThat(open.allUids())
            .containsExactlyElementsOf(refs.stream().map(MessageRef::uid).toList());
        source.openAhead(archive, 0, 800);
        open.close();
        OpenSourceFolder next = source.open(archive, 0, 800);
        assertThat(next.nextMessages(0, 800)).hasSize(2);
        assertThat(next.allUids()).hasSize(2);

        List<String> sent = sentAfter(lines, before);
        assertThat(sent)
            .containsExactly(
                "EXAMINE \"" + projects + "\"",
                "UID FETCH 1:800 (metadata)",
                "UID FETCH " + uidRange(first) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(refs.subList(3, 6)) + " (UID BODY.PEEK[])",
                "EXAMINE \"" + archive + "\"",
                "UID FETCH 1:800 (metadata)");
        List<String> conversation = lines.subList(before, lines.size());
        int listing = indexOf(conversation, "source C: ", "UID FETCH 1:800");
        int examined = indexOf(conversation, "source S: ", "OK [READ-ONLY]");
        assertThat(listing)
            .as("the listing is sent before the EXAMINE is answered")
            .isLessThan(examined);

        assertThatThrownBy(() -> open.nextMessages(0, 10))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(projects);

        source.openAhead(projects, 0, 800);
        OpenSourceFolder other = source.open(archive, 2, 800);
        assertThat(other.nextMessages(2, 800)).as("opened ahead but not taken: dropped").isEmpty();
        assertThat(other.allUids()).hasSize(2);
      }
    }
  }

  @Test
  void theNextFolderIsOpenedBehindTheLastChunksFetchAndTheFolderBeforeIsStillRead()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("openearly").start()) {
      String user = "early@example.test";
      server.addUser(user, "early-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 11);
      corpus.add(6, 3_000, "Projects");
      corpus.add(2, 3_000, "Archive");
      String projects = server.layout().folderName("Projects");
      String archive = server.layout().folderName("Archive");
      Path spool = Files.createTempDirectory("early-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "early-secret-pw", null);
          ImapSource source = connect(server, user, "early-secret-pw", lines)) {
        source.namespacePrefix(); // the session's start, sent with the first command
        int before = lines.size();
        OpenSourceFolder open = source.open(projects, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        assertThat(open.listedWhole()).isTrue();
        Map<Uid, String> read = new TreeMap<>(contents(open, refs.subList(0, 3), spool));
        open.fetchAhead(refs.subList(3, 6));
        source.openAhead(archive, 0, 800);
        read.putAll(contents(open, refs.subList(3, 6), spool));
        assertThat(read)
            .as("the last chunk, asked for before the next folder's opening, read after it")
            .isEqualTo(contents(plain, projects, spool));
        assertThat(open.nextMessages(refs.get(5).uid().value(), 800)).isEmpty();
        assertThat(open.allUids())
            .containsExactlyElementsOf(refs.stream().map(MessageRef::uid).toList());
        open.close();
        OpenSourceFolder next = source.open(archive, 0, 800);
        List<MessageRef> archived = next.nextMessages(0, 800);
        assertThat(contents(next, archived, spool)).isEqualTo(contents(plain, archive, spool));
        assertThat(sentAfter(lines, before))
            .containsExactly(
                "EXAMINE \"" + projects + "\"",
                "UID FETCH 1:800 (metadata)",
                "UID FETCH " + uidRange(refs.subList(0, 3)) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(refs.subList(3, 6)) + " (UID BODY.PEEK[])",
                "EXAMINE \"" + archive + "\"",
                "UID FETCH 1:800 (metadata)",
                "UID FETCH " + uidRange(archived) + " (UID BODY.PEEK[])");
        List<String> conversation = lines.subList(before, lines.size());
        String lastChunk =
            conversation.get(
                indexOf(conversation, "source C: ", uidRange(refs.subList(3, 6)) + " (UID BODY"));
        String tag = lastChunk.substring("source C: ".length()).split(" ")[0];
        assertThat(indexOf(conversation, "source C: ", "EXAMINE \"" + archive))
            .as("the next folder's opening is written before the last chunk is answered")
            .isLessThan(indexOf(conversation, "source S: " + tag + " OK", ""));

        before = lines.size();
        next.close();
        OpenSourceFolder again = source.open(projects, 0, 800);
        List<MessageRef> listed = again.nextMessages(0, 800);
        again.fetchAhead(listed.subList(4, 6));
        source.openAhead(archive, 0, 800);
        assertThat(again.present(List.of(listed.get(0).uid(), Uid.of(999))))
            .as("a command the folder needs after all selects it again")
            .containsExactly(listed.get(0).uid());
        assertThat(contents(again, listed.subList(4, 6), spool).keySet())
            .containsExactly(listed.get(4).uid(), listed.get(5).uid());
        again.close();
        OpenSourceFolder reopened = source.open(archive, 0, 800);
        assertThat(contents(reopened, reopened.nextMessages(0, 800), spool))
            .isEqualTo(contents(plain, archive, spool));
        assertThat(sentAfter(lines, before))
            .as("the opening sent ahead was dropped by the folder selected again, and sent anew")
            .containsSubsequence(
                "EXAMINE \"" + archive + "\"",
                "EXAMINE " + projects,
                "UID FETCH " + listed.get(0).uid() + ",999 (UID)",
                "EXAMINE \"" + archive + "\"");
      }
    }
  }

  @Test
  void theNextFolderOpenedBehindTheChunkTwoAheadCostsTheFolderBeforeNoSecondExamine()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("twoahead").start()) {
      String user = "two@example.test";
      server.addUser(user, "two-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 13);
      corpus.add(9, 3_000, "Projects");
      corpus.add(2, 3_000, "Archive");
      String projects = server.layout().folderName("Projects");
      String archive = server.layout().folderName("Archive");
      Path spool = Files.createTempDirectory("twoahead-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "two-secret-pw", null);
          ImapSource source = connect(server, user, "two-secret-pw", lines)) {
        source.namespacePrefix(); // the session's start, sent with the first command
        int before = lines.size();
        OpenSourceFolder open = source.open(projects, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        List<MessageRef> second = refs.subList(3, 6);
        List<MessageRef> last = refs.subList(6, 9);
        Map<Uid, String> read = new TreeMap<>(contents(open, refs.subList(0, 3), spool));
        // as the reader does: the next two chunks asked for, the last one ending the folder
        open.fetchAhead(second);
        open.fetchAhead(last);
        source.openAhead(archive, 0, 800);
        read.putAll(contents(open, second, spool));
        // the next read asks for the last chunk again, on its way already
        open.fetchAhead(last);
        read.putAll(contents(open, last, spool));
        assertThat(read).isEqualTo(contents(plain, projects, spool));
        open.close();
        OpenSourceFolder next = source.open(archive, 0, 800);
        List<MessageRef> archived = next.nextMessages(0, 800);
        assertThat(contents(next, archived, spool)).isEqualTo(contents(plain, archive, spool));
        assertThat(sentAfter(lines, before))
            .as("Projects is never selected again, Archive opened once")
            .containsExactly(
                "EXAMINE \"" + projects + "\"",
                "UID FETCH 1:800 (metadata)",
                "UID FETCH " + uidRange(refs.subList(0, 3)) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(second) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(last) + " (UID BODY.PEEK[])",
                "EXAMINE \"" + archive + "\"",
                "UID FETCH 1:800 (metadata)",
                "UID FETCH " + uidRange(archived) + " (UID BODY.PEEK[])");
      }
    }
  }

  @Test
  void theSessionsStartTheListingAndTheCountsCostOneRoundTripAfterAuthentication()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("startup").start()) {
      String user = "startup@example.test";
      server.addUser(user, "startup-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 9);
      corpus.add(3, 3_000, "Projects");
      corpus.add(2, 3_000, "Archive");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource source = connect(server, user, "startup-secret-pw", lines)) {
        int connected = lines.size();
        source.countsAndBytesAhead();
        List<String> folders =
            source.listFolders().stream().map(ListedFolder::fullName).sorted().toList();
        String projects = server.layout().folderName("Projects");
        String archive = server.layout().folderName("Archive");
        assertThat(folders).containsExactlyInAnyOrder("INBOX", projects, archive);
        var counts = source.countsAndBytes(folders);
        assertThat(counts.get(projects).messages()).isEqualTo(3);
        assertThat(counts.get(archive).messages()).isEqualTo(2);

        List<String> loggedIn = lines.subList(0, connected);
        assertThat(sentAfter(loggedIn, 0))
            .as("nothing after the authentication until the source is asked something")
            .noneMatch(command -> command.startsWith("ENABLE") || command.startsWith("NAMESPACE"));
        List<String> listing = lines.subList(connected, lines.size());
        assertThat(sentAfter(lines, connected))
            .as("ENABLE, NAMESPACE, the listing and the counts in one go, nothing more")
            .containsExactly(
                "ENABLE CONDSTORE",
                "NAMESPACE",
                "LSUB \"\" \"*\"",
                "LIST \"\" \"*\"",
                "LIST \"\" \"*\" RETURN (STATUS (MESSAGES SIZE))");
        assertThat(source.namespacePrefix()).as("Dovecot's personal namespace").isEmpty();
        assertThat(indexOf(listing, "source C: ", "RETURN (STATUS"))
            .isLessThan(indexOf(listing, "source S: ", "OK Enabled"));
      }
    }
  }

  @Test
  void aSourceThatRefusesTheCountingListIsCountedByOpeningEachFolder() throws Exception {
    // it advertises LIST-STATUS and STATUS=SIZE, yet answers the LIST that counts with NO
    try (DovecotServer server = DovecotServer.builder("nolistcount").start();
        RefusingImapProxy proxy = new RefusingImapProxy(server.imapPort())) {
      String user = "nocount@example.test";
      server.addUser(user, "nocount-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 9);
      corpus.add(3, 3_000, "Projects");
      corpus.add(2, 3_000, "Archive");
      proxy.commandPolicy(
          command -> command.contains("RETURN (STATUS") ? "NO [CANNOT] not here" : null);
      String projects = server.layout().folderName("Projects");
      String archive = server.layout().folderName("Archive");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource source = connect(server, proxy.port(), user, "nocount-secret-pw", lines)) {
        int connected = lines.size();
        source.countsAndBytesAhead();
        List<String> folders =
            source.listFolders().stream().map(ListedFolder::fullName).sorted().toList();
        assertThat(folders).containsExactlyInAnyOrder("INBOX", projects, archive);
        var counts = source.countsAndBytes(folders);
        assertThat(counts.get(projects).messages()).isEqualTo(3);
        assertThat(counts.get(archive).messages()).isEqualTo(2);
        assertThat(counts.get("INBOX").messages()).isZero();
        assertThat(sentAfter(lines, connected))
            .as("refused once, the counting LIST is not asked again")
            .filteredOn(command -> command.contains("RETURN (STATUS"))
            .hasSize(1);
      }
      try (ImapSource source = connect(server, proxy.port(), user, "nocount-secret-pw", null)) {
        source.listFolders();
        var counts = source.countsAndBytes(List.of(projects, archive));
        assertThat(counts.get(projects).messages()).isEqualTo(3);
        assertThat(counts.get(archive).messages()).isEqualTo(2);
      }
    }
  }

  @Test
  void aFreshFolderOfKnownSizeSendsItsContentsWithItsOpening() throws Exception {
    try (DovecotServer server = DovecotServer.builder("prefetch").start()) {
      String user = "prefetch@example.test";
      server.addUser(user, "prefetch-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 7);
      corpus.add(5, 3_000, "Small");
      corpus.add(3, 3_000, "Mixed");
      corpus.addSized(1, 1_500_000, 1_500_000, "Mixed");
      corpus.add(4, 3_000, "Shrunk");
      String small = server.layout().folderName("Small");
      String mixed = server.layout().folderName("Mixed");
      String shrunk = server.layout().folderName("Shrunk");
      Path spool = Files.createTempDirectory("prefetch-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "prefetch-secret-pw", null);
          ImapSource source = connect(server, user, "prefetch-secret-pw", lines)) {
        assertThat(source.countsAndBytes(List.of(small, mixed, shrunk))).hasSize(3);
        try (var stream = Files.list(corpus.folderDirectory("Shrunk").resolve("cur"))) {
          Files.delete(stream.sorted().findFirst().orElseThrow());
        }

        int before = lines.size();
        OpenSourceFolder open = source.open(small, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        assertThat(contents(open, refs, spool)).isEqualTo(contents(plain, small, spool));
        assertThat(sentAfter(lines, before))
            .as("the contents came with the opening: no FETCH of their own")
            .containsExactly(
                "EXAMINE \"" + small + "\"",
                "UID FETCH 1:800 (metadata)",
                "FETCH 1:5 (UID BODY.PEEK[]<0.1048577>)");
        assertThat(indexOf(lines.subList(before, lines.size()), "source C: ", "FETCH 1:5"))
            .isLessThan(
                indexOf(lines.subList(before, lines.size()), "source S: ", "OK [READ-ONLY]"));

        before = lines.size();
        source.openAhead(mixed, 0, 800);
        open.close();
        OpenSourceFolder next = source.open(mixed, 0, 800);
        List<MessageRef> mixedRefs = next.nextMessages(0, 800);
        assertThat(mixedRefs).hasSize(4);
        assertThat(next.readableAtOnce(mixedRefs))
            .as("the three small ones came with the opening; the large one needs a FETCH")
            .isEqualTo(3);
        assertThat(contents(next, mixedRefs, spool))
            .as("the large message, cut at the in-memory limit with the opening, read again whole")
            .isEqualTo(contents(plain, mixed, spool));
        MessageRef large =
            mixedRefs.stream().filter(ref -> ref.size() > 1_000_000).findFirst().orElseThrow();
        List<String> expected = new ArrayList<>(List.of("FETCH 1:4 (UID BODY.PEEK[]<0.1048577>)"));
        for (long offset = 0; offset < large.size(); offset += 262_144) {
          expected.add("UID FETCH " + large.uid() + " (UID BODY.PEEK[]<" + offset + ".262144>)");
        }
        assertThat(sentAfter(lines, before))
            .as("the large message in pieces of 256 KB, all asked for at once")
            .filteredOn(command -> command.contains("BODY.PEEK[]"))
            .containsExactlyElementsOf(expected);

        next.close();
        OpenSourceFolder gone = source.open(shrunk, 0, 800);
        List<MessageRef> left = gone.nextMessages(0, 800);
        assertThat(left).as("one message was removed after the folder was counted").hasSize(3);
        assertThat(contents(gone, left, spool)).isEqualTo(contents(plain, shrunk, spool));
      }
    }
  }

  @Test
  void chunksAskedForAheadOneBehindTheOtherAreEachReadFromTheirOwnAnswer() throws Exception {
    // Dovecot runs pipelined UID FETCHes at once: their answers arrive interleaved
    try (DovecotServer server = DovecotServer.builder("twoahead").start()) {
      String user = "ahead@example.test";
      server.addUser(user, "ahead-secret-pw");
      new MaildirCorpus(server, user, 17).add(90, 250_000, "Projects");
      String projects = server.layout().folderName("Projects");
      Path spool = Files.createTempDirectory("twoahead-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "ahead-secret-pw", null);
          ImapSource source = connect(server, user, "ahead-secret-pw", lines)) {
        OpenSourceFolder open = source.open(projects, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        assertThat(refs).hasSize(90);
        int before = lines.size();
        open.fetchAhead(refs.subList(0, 30));
        open.fetchAhead(refs.subList(30, 60));
        open.fetchAhead(refs.subList(60, 90));
        open.fetchAhead(refs.subList(30, 60));
        Map<Uid, String> read = new TreeMap<>();
        for (int from = 0; from < 90; from += 30) {
          Map<Uid, String> chunk = contents(open, refs.subList(from, from + 30), spool);
          assertThat(chunk.keySet())
              .as("the chunk's own messages, none of the next one's")
              .containsExactlyElementsOf(
                  refs.subList(from, from + 30).stream().map(MessageRef::uid).toList());
          read.putAll(chunk);
        }
        assertThat(read).isEqualTo(contents(plain, projects, spool));
        assertThat(sentAfter(lines, before))
            .as("each chunk asked for once, ahead, and nothing more")
            .containsExactly(
                "UID FETCH " + uidRange(refs.subList(0, 30)) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(refs.subList(30, 60)) + " (UID BODY.PEEK[])",
                "UID FETCH " + uidRange(refs.subList(60, 90)) + " (UID BODY.PEEK[])");
      }
    }
  }

  @Test
  void smallFoldersOpenedAheadTogetherAreReadWholeAndOneThatNeedsMoreIsSelectedAgain()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("openrun").start()) {
      String user = "run@example.test";
      server.addUser(user, "run-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 13);
      corpus.add(3, 3_000, "First");
      corpus.add(2, 3_000, "Second");
      corpus.add(2, 3_000, "Third");
      corpus.addSized(1, 1_500_000, 1_500_000, "Third");
      corpus.add(4, 3_000, "Fourth");
      List<String> names = new ArrayList<>();
      for (String folder : List.of("First", "Second", "Third", "Fourth")) {
        names.add(server.layout().folderName(folder));
      }
      Path spool = Files.createTempDirectory("openrun-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "run-secret-pw", null);
          ImapSource source = connect(server, user, "run-secret-pw", lines)) {
        assertThat(source.countsAndBytes(names)).hasSize(4);
        OpenSourceFolder first = source.open(names.get(0), 0, 800);
        assertThat(contents(first, first.nextMessages(0, 800), spool))
            .isEqualTo(contents(plain, names.get(0), spool));

        int before = lines.size();
        assertThat(source.openAhead(names.get(1), 0, 800)).as("two small messages").isTrue();
        assertThat(source.openAhead(names.get(2), 0, 800))
            .as("its large message does not show in the plan")
            .isTrue();
        assertThat(source.openAhead(names.get(3), 0, 800)).isTrue();
        first.close();
        OpenSourceFolder second = source.open(names.get(1), 0, 800);
        assertThat(contents(second, second.nextMessages(0, 800), spool))
            .isEqualTo(contents(plain, names.get(1), spool));
        List<String> conversation = new ArrayList<>(lines.subList(before, lines.size()));
        assertThat(indexOf(conversation, "source C: ", "EXAMINE \"" + names.get(3)))
            .as("the three openings written before the first is answered")
            .isLessThan(indexOf(conversation, "source S: ", "OK [READ-ONLY]"));

        second.close();
        OpenSourceFolder third = source.open(names.get(2), 0, 800);
        assertThat(contents(third, third.nextMessages(0, 800), spool))
            .as("the large message, cut short with the opening, read whole after all")
            .isEqualTo(contents(plain, names.get(2), spool));
        third.close();
        OpenSourceFolder fourth = source.open(names.get(3), 0, 800);
        assertThat(contents(fourth, fourth.nextMessages(0, 800), spool))
            .as("opened again: its opening sent ahead was dropped to select the third again")
            .isEqualTo(contents(plain, names.get(3), spool));
        fourth.close();

        List<String> examined =
            sentAfter(lines, before).stream().filter(c -> c.startsWith("EXAMINE")).toList();
        assertThat(examined)
            .containsExactly(
                "EXAMINE \"" + names.get(1) + "\"",
                "EXAMINE \"" + names.get(2) + "\"",
                "EXAMINE \"" + names.get(3) + "\"",
                "EXAMINE " + names.get(2),
                "EXAMINE \"" + names.get(3) + "\"");
      }
    }
  }

  @Test
  void whatFollowsALargeMessageIsAskedForBehindItsPiecesAndTheirAnswersAreNotWaitedFor()
      throws Exception {
    try (DovecotServer server = DovecotServer.builder("behindlarge").start()) {
      String user = "behind@example.test";
      server.addUser(user, "behind-secret-pw");
      MaildirCorpus corpus = new MaildirCorpus(server, user, 19);
      corpus.add(3, 3_000, "Big");
      corpus.addSized(2, 1_500_000, 1_500_000, "Big");
      corpus.add(2, 3_000, "After");
      String big = server.layout().folderName("Big");
      String after = server.layout().folderName("After");
      Path spool = Files.createTempDirectory("behind-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "behind-secret-pw", null);
          ImapSource source = connect(server, user, "behind-secret-pw", lines)) {
        OpenSourceFolder open = source.open(big, 0, 800);
        List<MessageRef> refs = open.nextMessages(0, 800);
        assertThat(refs)
            .extracting(ref -> ref.size() > OpenSourceFolder.STREAM_THRESHOLD)
            .containsExactly(false, false, false, true, true);
        MessageRef first = refs.get(3);
        MessageRef second = refs.get(4);
        int before = lines.size();

        Map<Uid, String> read = new TreeMap<>(contents(open, refs.subList(0, 3), spool));
        read.put(
            first.uid(),
            sha256(
                open.fetchGrowing(
                    first, spool, growing -> {}, quietly(() -> open.fetchAhead(List.of(second))))));
        read.put(
            second.uid(),
            sha256(
                open.fetchGrowing(
                    second, spool, growing -> {}, quietly(() -> source.openAhead(after, 0, 800)))));
        open.close();
        OpenSourceFolder next = source.open(after, 0, 800);
        Map<Uid, String> readAfter = contents(next, next.nextMessages(0, 800), spool);

        assertThat(read).isEqualTo(contents(plain, big, spool));
        assertThat(readAfter).isEqualTo(contents(plain, after, spool));
        List<String> expected = new ArrayList<>();
        expected.add("UID FETCH " + uidRange(refs.subList(0, 3)) + " (UID BODY.PEEK[])");
        expected.addAll(PiecewiseSpool.firstPieces(first.uid(), first.size()));
        expected.addAll(PiecewiseSpool.firstPieces(second.uid(), second.size()));
        expected.addAll(List.of("EXAMINE \"" + after + "\"", "UID FETCH 1:800 (metadata)"));
        expected.add("UID FETCH 1:2 (UID BODY.PEEK[])");
        assertThat(sentAfter(lines, before)).as("each asked for once").isEqualTo(expected);
        List<String> conversation = new ArrayList<>(lines.subList(before, lines.size()));
        assertThat(indexOf(conversation, "source C: ", "UID FETCH " + second.uid() + " "))
            .as("the second's pieces written before the first's are answered")
            .isLessThan(indexOf(conversation, "source S: ", "FETCH (UID " + first.uid() + " "));
        assertThat(indexOf(conversation, "source C: ", "EXAMINE"))
            .as("the next folder's opening written before the second's pieces are all answered")
            .isLessThan(lastStatusOf(conversation, "UID FETCH " + second.uid() + " "));
      }
    }
  }

  @Test
  void theNextWindowIsListedBehindTheLastChunksFetchAndTakenFromItsAnswer() throws Exception {
    try (DovecotServer server = DovecotServer.builder("listahead").start()) {
      String user = "list@example.test";
      server.addUser(user, "list-secret-pw");
      new MaildirCorpus(server, user, 23).add(25, 3_000, "Projects");
      String projects = server.layout().folderName("Projects");
      Path spool = Files.createTempDirectory("listahead-spool");
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      try (ImapSource plain = connect(server, user, "list-secret-pw", null);
          ImapSource source = connect(server, user, "list-secret-pw", lines)) {
        OpenSourceFolder open = source.open(projects, 0, 10);
        List<MessageRef> first = open.nextMessages(0, 10);
        assertThat(first).hasSize(10);
        int before = lines.size();

        open.fetchAhead(first);
        open.listAhead(first.get(9).uid().value(), 10);
        Map<Uid, String> read = new TreeMap<>(contents(open, first, spool));
        List<MessageRef> second = open.nextMessages(first.get(9).uid().value(), 10);
        read.putAll(contents(open, second, spool));
        List<MessageRef> third = open.nextMessages(second.get(9).uid().value(), 10);
        read.putAll(contents(open, third, spool));

        assertThat(second).hasSize(10);
        assertThat(third).hasSize(5);
        assertThat(read).isEqualTo(contents(plain, projects, spool));
        assertThat(sentAfter(lines, before))
            .as("the second window listed once, ahead; the third as before")
            .containsExactly(
                "UID FETCH " + uidRange(first) + " (UID BODY.PEEK[])",
                "UID FETCH 11:20 (metadata)",
                "UID FETCH " + uidRange(second) + " (UID BODY.PEEK[])",
                "UID FETCH 21:25 (metadata)",
                "UID FETCH " + uidRange(third) + " (UID BODY.PEEK[])");
        List<String> conversation = new ArrayList<>(lines.subList(before, lines.size()));
        assertThat(indexOf(conversation, "source C: ", "UID FETCH 11:20"))
            .as("the listing written before the first chunk's contents are answered")
            .isLessThan(lastStatusOf(conversation, "UID FETCH " + uidRange(first) + " "));
      }
    }
  }

  /** Writing ahead that fails fails the test. */
  private interface Ask {
    void ask() throws Exception;
  }

  private static Runnable quietly(Ask ask) {
    return () -> {
      try {
        ask.ask();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  private static Map<Uid, String> contents(OpenSourceFolder open, List<MessageRef> refs, Path spool)
      throws Exception {
    Map<Uid, String> result = new TreeMap<>();
    for (var entry : open.fetchContents(refs, spool).entrySet()) {
      result.put(entry.getKey(), sha256(entry.getValue()));
    }
    return result;
  }

  private static String sha256(io.mailferry.imap.MessageContent content) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    content.writeTo(bytes);
    content.close();
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
  }

  private static Map<Uid, String> contents(ImapSource plain, String folder, Path spool)
      throws Exception {
    try (OpenSourceFolder open = plain.open(folder)) {
      Map<Uid, String> result = contents(open, open.nextMessages(0, 800), spool);
      assertThat(result).isNotEmpty();
      return result;
    }
  }

  /** A source connection to the server, its conversation added to {@code trace} (null: none). */
  private static ImapSource connect(
      DovecotServer server, String user, String password, List<String> trace) throws Exception {
    return connect(server, server.imapPort(), user, password, trace);
  }

  private static ImapSource connect(
      DovecotServer server, int port, String user, String password, List<String> trace)
      throws Exception {
    return ImapSource.connect(
        new ServerEndpoint(server.host(), port, Security.NONE, true, null),
        user,
        password,
        TIMEOUT,
        TIMEOUT,
        trace == null ? null : new ProtocolTrace("source", trace::add));
  }

  private static List<String> sentAfter(List<String> lines, int before) {
    return lines.subList(before, lines.size()).stream()
        .filter(line -> line.startsWith("source C: "))
        .map(line -> line.substring("source C: ".length()).replaceFirst("^\\S+ ", ""))
        .map(command -> command.replaceAll("\\(UID FLAGS.*", "(metadata)"))
        .toList();
  }

  private static String uidRange(List<MessageRef> refs) {
    List<Uid> uids = refs.stream().map(MessageRef::uid).toList();
    return io.mailferry.imap.RawImap.uidSet(uids);
  }

  /** Where the last of the statuses of the commands sent with this text was read. */
  private static int lastStatusOf(List<String> lines, String command) {
    List<String> tags =
        lines.stream()
            .filter(line -> line.startsWith("source C: ") && line.contains(command))
            .map(line -> line.split(" ")[2])
            .toList();
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      String[] words = lines.get(i).split(" ");
      if (lines.get(i).startsWith("source S: ") && words.length > 2 && tags.contains(words[2])) {
        last = i;
      }
    }
    assertThat(last).as("statuses of " + command + " read").isNotNegative();
    return last;
  }

  private static int indexOf(List<String> lines, String prefix, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix) && lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError(prefix + "…" + text + " not in the conversation:\n" + lines);
  }
}
