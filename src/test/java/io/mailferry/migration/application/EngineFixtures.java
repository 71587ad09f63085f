package io.mailferry.migration.application;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.testing.InMemoryMailServer;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Mail and servers for the unit tests of the copy engine's parts, without a real server. */
final class EngineFixtures {

  static final Instant DATE = Instant.parse("2021-03-04T09:41:07Z");

  private EngineFixtures() {}

  static byte[] letter(int n, int bodyLines) {
    StringBuilder text = new StringBuilder();
    text.append("Message-ID: <engine-").append(n).append("@parts.test>\r\n");
    text.append("Subject: Letter ").append(n).append("\r\n\r\n");
    for (int i = 0; i < bodyLines; i++) {
      text.append("Line ").append(i).append(" of letter ").append(n).append(".\r\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Delivers letters 1..count into the folder; returns their UIDs. */
  static List<Long> deliver(InMemoryMailServer server, String folder, int count) {
    return java.util.stream.IntStream.rangeClosed(1, count)
        .mapToObj(n -> server.deliver(folder, letter(n, 3), Set.of(), DATE))
        .toList();
  }

  /**
   * The server as a source whose open folders call {@code afterListing} with the UIDs each listing
   * returned, before anything else is asked: a server where a message is expunged mid-fetch.
   */
  static MailSource listingHook(InMemoryMailServer server, Consumer<List<Uid>> afterListing) {
    return hooked(server, name -> {}, afterListing, refs -> {}, afterUid -> {});
  }

  /**
   * The server as a source that tells {@code opened} the name of every folder it opens, and of
   * every folder it is told is opened next (which it says comes whole with its opening where it
   * holds no more than a chunk and is read from its start).
   */
  static MailSource countingOpens(InMemoryMailServer server, List<String> opened) {
    return hooked(server, opened::add, listed -> {}, refs -> {}, afterUid -> {});
  }

  /**
   * As {@link #countingOpens}, and tells {@code opened} too of every FETCH asked for ahead, by the
   * first and last UID it names ("contents ahead, UIDs 11 to 20"), and of every listing ("listing
   * ahead, after UID 40").
   */
  static MailSource countingOpensAndFetchesAhead(InMemoryMailServer server, List<String> opened) {
    return hooked(
        server,
        opened::add,
        listed -> {},
        refs ->
            opened.add(
                "contents ahead, UIDs "
                    + refs.get(0).uid().value()
                    + " to "
                    + refs.get(refs.size() - 1).uid().value()),
        afterUid -> opened.add("listing ahead, after UID " + afterUid));
  }

  private static MailSource hooked(
      InMemoryMailServer server,
      Consumer<String> onOpen,
      Consumer<List<Uid>> afterListing,
      Consumer<List<MessageRef>> onFetchAhead,
      Consumer<Long> onListAhead) {
    return new MailSource() {
      @Override
      public List<io.mailferry.migration.domain.ListedFolder> listFolders() {
        return server.listFolders();
      }

      @Override
      public Map<String, FolderSize> countsAndBytes(List<String> folders)
          throws MessagingException {
        return server.countsAndBytes(folders);
      }

      @Override
      public boolean openAhead(String fullName, long listAfterUid, int listMax)
          throws MessagingException {
        onOpen.accept(fullName + " ahead, after UID " + listAfterUid);
        // as the IMAP source: a fresh folder of one chunk's worth comes whole with its opening
        FolderSize size = server.countsAndBytes(List.of(fullName)).get(fullName);
        return listAfterUid == 0 && size != null && size.messages() <= listMax / 4;
      }

      @Override
      public SourceFolder open(String fullName, long listAfterUid, int listMax)
          throws MessagingException {
        SourceFolder open = server.open(fullName, listAfterUid, listMax);
        onOpen.accept(fullName);
        return new SourceFolder() {
          @Override
          public UidValidity uidValidity() {
            return open.uidValidity();
          }

          @Override
          public FolderSize countAndBytes() throws MessagingException {
            return open.countAndBytes();
          }

          /** Whether the listings ran from the folder's start to its end, unbroken. */
          private boolean listedFromStart;

          private boolean listedToEnd;

          @Override
          public List<MessageRef> nextMessages(long afterUid, int max) throws MessagingException {
            List<MessageRef> listed = open.nextMessages(afterUid, max);
            afterListing.accept(listed.stream().map(MessageRef::uid).toList());
            listedFromStart = afterUid == 0 || listedFromStart;
            listedToEnd = listed.size() < max;
            return listed;
          }

          @Override
          public boolean listedWhole() {
            return listedFromStart && listedToEnd;
          }

          @Override
          public Map<Uid, io.mailferry.imap.MessageContent> fetchContents(
              List<MessageRef> refs, Path spoolDirectory)
              throws MessagingException, java.io.IOException {
            return open.fetchContents(refs, spoolDirectory);
          }

          /**
           * As the IMAP source: what follows is asked for once the chunk's large message is; its
           * read told as "read in pieces, UIDs 31 to 40".
           */
          @Override
          public Map<Uid, io.mailferry.imap.MessageContent> fetchContents(
              List<MessageRef> refs, Path spoolDirectory, Runnable behind)
              throws MessagingException, java.io.IOException {
            boolean inPieces =
                refs.stream()
                    .anyMatch(
                        ref ->
                            ref.size()
                                > io.mailferry.source.imap.OpenSourceFolder.STREAM_THRESHOLD);
            if (inPieces) {
              behind.run();
            }
            var contents = open.fetchContents(refs, spoolDirectory);
            if (inPieces) {
              onOpen.accept(
                  "read in pieces, UIDs "
                      + refs.get(0).uid().value()
                      + " to "
                      + refs.get(refs.size() - 1).uid().value());
            }
            return contents;
          }

          @Override
          public void listAhead(long afterUid, int max) {
            onListAhead.accept(afterUid);
          }

          @Override
          public void fetchAhead(List<MessageRef> refs) {
            if (!refs.isEmpty()) {
              onFetchAhead.accept(refs);
            }
          }

          @Override
          public List<Uid> allUids() throws MessagingException {
            return open.allUids();
          }

          @Override
          public List<MessageRef> messages(List<Uid> uids) throws MessagingException {
            return open.messages(uids);
          }

          @Override
          public Set<Uid> present(List<Uid> uids) throws MessagingException {
            return open.present(uids);
          }

          @Override
          public Map<Uid, Flags> flagsUpTo(long lastUid, Long sinceModseq)
              throws MessagingException {
            return open.flagsUpTo(lastUid, sinceModseq);
          }

          @Override
          public Long highestModseq() {
            return open.highestModseq();
          }

          @Override
          public void close() {
            open.close();
          }
        };
      }

      @Override
      public void close() {}
    };
  }

  /** The UIDs of a batch's entries, in order. */
  static List<Long> uids(FolderBatch batch) {
    return batch.entries.stream().map(e -> e.ref().uid().value()).toList();
  }

  /**
   * Crash recovery over committed state kept in these collections: each folder's destination mark
   * by checkpoint, and the destination UIDs that records name.
   */
  static DestinationRecovery recovery(Map<Long, long[]> marks, Set<Long> recorded) {
    return new DestinationRecovery(
        new DestinationRecovery.Marks() {
          @Override
          public void destinationMark(long checkpointId, long uidValidity, long uidNext) {
            marks.put(checkpointId, new long[] {uidValidity, uidNext});
          }

          @Override
          public Set<Long> recordedDestinationUids(long checkpointId, long fromUid) {
            return recorded.stream()
                .filter(uid -> uid >= fromUid)
                .collect(java.util.stream.Collectors.toSet());
          }
        },
        "kim@recovery.test");
  }
}
