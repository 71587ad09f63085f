package io.mailferry.testing;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.FlagList;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.imap.RawImap;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.FolderStatus;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderPath;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mail server in memory, for the engine's ports: one account's folders with UIDs, flags and dates
 * as an IMAP server keeps them (UIDs ascending and never reused, a UIDVALIDITY per folder, dates to
 * the second). It passes the same contract suites as Dovecot and GreenMail, and lets a test do what
 * a hostile server does: expunge a message or list it without serving it.
 */
public final class InMemoryMailServer implements MailSource, MailDestination {

  private static final AtomicLong VALIDITIES = new AtomicLong(1_700_000_000L);

  /** A stored message. */
  public record Stored(byte[] raw, Set<String> flags, Instant internalDate) {}

  private static final class Folder {
    final long uidValidity = VALIDITIES.incrementAndGet();
    long uidNext = 1;
    boolean subscribed;
    final TreeMap<Long, Stored> messages = new TreeMap<>();
    final Set<Long> withheld = new HashSet<>();
  }

  private final Map<String, Folder> folders = new LinkedHashMap<>();

  /** Appends of messages larger than this are refused, as a server with a size limit does. */
  private long largestAccepted = Long.MAX_VALUE;

  public InMemoryMailServer() {
    folders.put("INBOX", new Folder());
  }

  /** Stores a message as delivery would; returns its UID. */
  public synchronized long deliver(String folder, byte[] raw, Set<String> flags, Instant date) {
    Folder f = folders.computeIfAbsent(folder, n -> new Folder());
    long uid = f.uidNext++;
    f.messages.put(
        uid, new Stored(raw.clone(), new TreeSet<>(flags), date.truncatedTo(ChronoUnit.SECONDS)));
    return uid;
  }

  public synchronized void expunge(String folder, long uid) {
    folders.get(folder).messages.remove(uid);
  }

  /** The message stays listed but its content is never served (a broken server). */
  public synchronized void withhold(String folder, long uid) {
    folders.get(folder).withheld.add(uid);
  }

  /** From now on, refuses to store messages larger than this many octets ([TOOBIG]). */
  public synchronized void refuseLargerThan(long octets) {
    largestAccepted = octets;
  }

  /** The folder's messages by UID, as stored now. */
  public synchronized Map<Long, Stored> messages(String folder) {
    Folder f = folders.get(folder);
    return f == null ? Map.of() : new TreeMap<>(f.messages);
  }

  @Override
  public String namespacePrefix() {
    return "";
  }

  @Override
  public char separator() {
    return '/';
  }

  @Override
  public synchronized List<ListedFolder> listFolders() {
    List<ListedFolder> listed = new ArrayList<>();
    folders.forEach(
        (name, folder) ->
            listed.add(
                new ListedFolder(
                    name, FolderPath.parse(name, '/', ""), Set.of(), true, folder.subscribed)));
    return listed;
  }

  @Override
  public synchronized void ensureFolder(String fullName, boolean holdsMessages, boolean subscribe) {
    String[] levels = fullName.split("/");
    StringBuilder name = new StringBuilder();
    for (String level : levels) {
      name.append(name.length() == 0 ? "" : "/").append(level);
      folders.computeIfAbsent(name.toString(), n -> new Folder());
    }
    if (subscribe) {
      folders.get(fullName).subscribed = true;
    }
  }

  @Override
  public synchronized FolderStatus status(String fullName) throws MessagingException {
    Folder folder = existing(fullName);
    return new FolderStatus(folder.uidValidity, folder.uidNext);
  }

  @Override
  public synchronized List<AppendOutcome> append(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    existing(fullName);
    List<AppendOutcome> outcomes = new ArrayList<>();
    for (OutgoingMessage message : messages) {
      Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      if (message.flags() != null && !message.flags().isBlank()) {
        flags.addAll(List.of(message.flags().trim().split("\\s+")));
      }
      if (message.content().length() > largestAccepted) {
        outcomes.add(AppendOutcome.rejected("[TOOBIG] Message too large"));
        continue;
      }
      outcomes.add(
          AppendOutcome.appended(
              deliver(
                  fullName,
                  bytes(message.content()),
                  flags,
                  message.internalDate() == null ? Instant.now() : message.internalDate())));
    }
    return outcomes;
  }

  @Override
  public synchronized Map<Fingerprint, List<Long>> messagesFrom(String fullName, long fromUid) {
    Map<Fingerprint, List<Long>> found = new HashMap<>();
    Folder folder = folders.get(fullName);
    if (folder != null) {
      folder
          .messages
          .tailMap(fromUid, true)
          .forEach(
              (uid, stored) ->
                  found
                      .computeIfAbsent(ref(uid, stored).fingerprint(), f -> new ArrayList<>())
                      .add(uid));
    }
    return found;
  }

  @Override
  public synchronized Set<Long> uids(String fullName) {
    Folder folder = folders.get(fullName);
    return folder == null ? Set.of() : new TreeSet<>(folder.messages.keySet());
  }

  @Override
  public synchronized void changeFlags(String fullName, List<FlagChange> changes)
      throws MessagingException {
    Folder folder = existing(fullName);
    for (FlagChange change : changes) {
      Stored stored = folder.messages.get(change.uid());
      if (stored == null) {
        continue;
      }
      Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      flags.addAll(stored.flags());
      flags.addAll(words(change.add()));
      flags.removeAll(words(change.remove()));
      folder.messages.put(change.uid(), new Stored(stored.raw(), flags, stored.internalDate()));
    }
  }

  @Override
  public synchronized Map<String, FolderSize> countsAndBytes(List<String> names)
      throws MessagingException {
    Map<String, FolderSize> result = new HashMap<>();
    for (String name : names) {
      try (SourceFolder open = open(name)) {
        result.put(name, open.countAndBytes());
      }
    }
    return result;
  }

  /** No round trips to save here: the listing asked for with the opening is made when asked. */
  @Override
  public synchronized SourceFolder open(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    return new OpenFolder(fullName, existing(fullName));
  }

  @Override
  public void close() {}

  private Folder existing(String fullName) throws MessagingException {
    Folder folder = folders.get(fullName);
    if (folder == null) {
      throw new jakarta.mail.FolderNotFoundException();
    }
    return folder;
  }

  private static List<String> words(String list) {
    return list == null || list.isBlank() ? List.of() : List.of(list.trim().split("\\s+"));
  }

  /** As an IMAP server stores a literal: whole, or not at all when the client cannot finish it. */
  private static byte[] bytes(MessageContent content) throws MessagingException {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      content.writeTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new MessagingException("the literal was not finished: " + e.getMessage(), e);
    }
  }

  private static MessageRef ref(long uid, Stored stored) {
    int end = headerEnd(stored.raw());
    try {
      Fingerprint fingerprint =
          RawImap.fingerprintOf(
              new ByteArrayInputStream(stored.raw(), 0, end),
              stored.internalDate(),
              stored.raw().length);
      Flags flags = FlagList.parse(String.join(" ", stored.flags()));
      return new MessageRef(
          Uid.of(uid), flags, stored.internalDate(), stored.raw().length, null, null, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int headerEnd(byte[] raw) {
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
        return i + 4;
      }
    }
    return raw.length;
  }

  private final class OpenFolder implements SourceFolder {
    private final Folder folder;

    OpenFolder(String name, Folder folder) {
      this.folder = folder;
    }

    @Override
    public UidValidity uidValidity() {
      return UidValidity.of(folder.uidValidity);
    }

    @Override
    public FolderSize countAndBytes() {
      synchronized (InMemoryMailServer.this) {
        return new FolderSize(
            folder.messages.size(),
            folder.messages.values().stream().mapToLong(s -> s.raw().length).sum());
      }
    }

    @Override
    public List<MessageRef> nextMessages(long afterUid, int max) {
      synchronized (InMemoryMailServer.this) {
        return folder.messages.tailMap(afterUid, false).entrySet().stream()
            .limit(max)
            .map(e -> ref(e.getKey(), e.getValue()))
            .toList();
      }
    }

    @Override
    public Map<Uid, MessageContent> fetchContents(List<MessageRef> refs, Path spoolDirectory) {
      synchronized (InMemoryMailServer.this) {
        Map<Uid, MessageContent> contents = new HashMap<>();
        for (MessageRef ref : refs) {
          Stored stored = folder.messages.get(ref.uid().value());
          if (stored != null && !folder.withheld.contains(ref.uid().value())) {
            contents.put(ref.uid(), MessageContent.inMemory(stored.raw(), 0, stored.raw().length));
          }
        }
        return contents;
      }
    }

    @Override
    public List<Uid> allUids() {
      synchronized (InMemoryMailServer.this) {
        return folder.messages.keySet().stream().map(Uid::of).toList();
      }
    }

    @Override
    public List<MessageRef> messages(List<Uid> uids) {
      synchronized (InMemoryMailServer.this) {
        return uids.stream()
            .filter(uid -> folder.messages.containsKey(uid.value()))
            .sorted()
            .map(uid -> ref(uid.value(), folder.messages.get(uid.value())))
            .toList();
      }
    }

    @Override
    public Set<Uid> present(List<Uid> uids) {
      synchronized (InMemoryMailServer.this) {
        Set<Uid> present = new HashSet<>();
        uids.stream().filter(uid -> folder.messages.containsKey(uid.value())).forEach(present::add);
        return present;
      }
    }

    @Override
    public Map<Uid, Flags> flagsUpTo(long lastUid, Long sinceModseq) {
      synchronized (InMemoryMailServer.this) {
        Map<Uid, Flags> flags = new HashMap<>();
        folder
            .messages
            .headMap(lastUid, true)
            .forEach((uid, stored) -> flags.put(Uid.of(uid), ref(uid, stored).flags()));
        return flags;
      }
    }

    @Override
    public Long highestModseq() {
      return null;
    }

    @Override
    public void close() {}
  }
}
