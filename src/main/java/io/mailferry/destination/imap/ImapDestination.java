package io.mailferry.destination.imap;

import io.mailferry.imap.ImapFailure;
import io.mailferry.imap.MailSessions;
import io.mailferry.imap.MessageRef;
import io.mailferry.imap.RawImap;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.FolderStatus;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderPath;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.Status;

/** One logged-in connection to a destination mailbox. */
public final class ImapDestination implements MailDestination {

  private static final Pattern APPENDUID =
      Pattern.compile("\\[APPENDUID (\\d+) ([0-9:,]+)\\]", Pattern.CASE_INSENSITIVE);
  private static final int SCAN_WINDOW = 1000;

  private final IMAPStore store;
  private final String namespacePrefix;
  private final char separator;
  private final boolean multiAppend;

  /** RFC 7889: the largest message the server accepts, or null where it does not say. */
  private final Long appendLimit;

  private final Pause pause;

  /**
   * Per folder, a lower bound of its UIDNEXT with its UIDVALIDITY, as this connection's last STATUS
   * or APPENDUID there said: where a refused MULTIAPPEND's kept messages are looked for, without a
   * STATUS before every MULTIAPPEND (one costs a large maildir folder's sync on Dovecot).
   */
  private final Map<String, FolderStatus> uidNextAtLeast = new HashMap<>();

  /** Pauses between tries of a message the server cannot take now (RFC 5530 UNAVAILABLE). */
  static final List<Duration> TRY_AGAIN_PAUSES =
      List.of(
          Duration.ofMillis(200),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(4));

  /** How the adapter waits; tests pass one that does not. */
  public interface Pause {
    void pause(Duration duration) throws MessagingException;

    Pause SLEEP =
        duration -> {
          try {
            Thread.sleep(duration.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting to append again", e);
          }
        };
  }

  private ImapDestination(IMAPStore store, Pause pause) throws MessagingException {
    this.store = store;
    this.pause = pause;
    Folder[] personal = store.getPersonalNamespaces();
    Folder namespace = personal.length > 0 ? personal[0] : store.getDefaultFolder();
    char sep = namespace.getSeparator();
    if (sep == 0) {
      sep = store.getFolder("INBOX").getSeparator();
    }
    this.separator = sep;
    this.namespacePrefix = io.mailferry.imap.NamespacePrefix.of(namespace.getFullName(), sep);
    this.multiAppend = store.hasCapability("MULTIAPPEND");
    this.appendLimit = appendLimit(store);
  }

  private static Long appendLimit(IMAPStore store) throws MessagingException {
    Object limit =
        ((IMAPFolder) store.getFolder("INBOX"))
            .doCommand(
                (IMAPProtocol protocol) -> {
                  Map<String, String> capabilities = protocol.getCapabilities();
                  for (String capability : capabilities.keySet()) {
                    if (capability.startsWith("APPENDLIMIT=")) {
                      try {
                        return Long.parseLong(capability.substring("APPENDLIMIT=".length()));
                      } catch (NumberFormatException e) {
                        return null;
                      }
                    }
                  }
                  return null;
                });
    return limit instanceof Long value && value > 0 ? value : null;
  }

  /** The largest message the server accepts (RFC 7889), or null where it does not say. */
  public Long appendLimit() {
    return appendLimit;
  }

  public static ImapDestination connect(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException {
    return connect(endpoint, login, password, connect, read, null);
  }

  /** As above, with the conversation copied to {@code trace} (null for none). */
  public static ImapDestination connect(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      io.mailferry.imap.ProtocolTrace trace)
      throws MessagingException {
    Store store = MailSessions.connect(endpoint, login, password, connect, read, trace);
    try {
      return new ImapDestination((IMAPStore) store, Pause.SLEEP);
    } catch (MessagingException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public String namespacePrefix() {
    return namespacePrefix;
  }

  public char separator() {
    return separator;
  }

  public List<ListedFolder> listFolders() throws MessagingException {
    List<ListedFolder> result = new ArrayList<>();
    for (Folder folder : store.getDefaultFolder().list("*")) {
      IMAPFolder imap = (IMAPFolder) folder;
      String[] attributes = imap.getAttributes();
      result.add(
          new ListedFolder(
              imap.getFullName(),
              FolderPath.parse(
                  imap.getFullName(),
                  imap.getSeparator() == 0 ? separator : imap.getSeparator(),
                  namespacePrefix),
              attributes == null ? Set.of() : Set.of(attributes),
              true,
              false));
    }
    return result;
  }

  /** Creates the folder (and its parents) unless it exists; subscribes it when asked. */
  public void ensureFolder(String fullName, boolean holdsMessages, boolean subscribe)
      throws FolderCreationException, MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    if (!folder.exists()) {
      boolean created;
      try {
        created =
            folder.create(holdsMessages ? Folder.HOLDS_MESSAGES : Folder.HOLDS_FOLDERS)
                || folder.exists();
      } catch (MessagingException e) {
        if (ImapFailure.classify(e).retryable()) {
          throw e;
        }
        created = false;
        if (!folder.exists()) {
          throw new FolderCreationException(
              "The destination refused to create the folder '"
                  + fullName
                  + "': "
                  + ImapFailure.rootMessage(e),
              e);
        }
      }
      if (!created && !folder.exists() && holdsMessages) {
        throw new FolderCreationException(
            "The destination refused to create the folder '" + fullName + "'", null);
      }
    }
    if (subscribe && !folder.isSubscribed()) {
      try {
        folder.setSubscribed(true);
      } catch (MessagingException e) {
        if (ImapFailure.classify(e).retryable()) {
          throw e;
        }
      }
    }
  }

  /** UIDVALIDITY and UIDNEXT by STATUS (RFC 3501 6.3.10). */
  public FolderStatus status(String fullName) throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    // one STATUS for both: Angus Mail's getUIDValidity() and getUIDNext() send one each
    Status answer =
        (Status)
            folder.doCommand(
                (IMAPProtocol protocol) ->
                    protocol.status(fullName, new String[] {"UIDVALIDITY", "UIDNEXT"}));
    FolderStatus status = new FolderStatus(answer.uidvalidity, answer.uidnext);
    uidNextAtLeast.put(fullName, status);
    return status;
  }

  /**
   * Appends the messages in order. With MULTIAPPEND (RFC 3502) the whole batch is one command and
   * one save transaction on the server; if the server refuses it, each message is appended alone so
   * that only the one it refuses is left out. What the server answers decides what happens next
   * ({@link ImapFailure}): a temporary refusal is tried again after a pause, a missing folder is
   * created, a message over the server's APPENDLIMIT (RFC 7889) is not sent at all.
   *
   * @throws MessagingException when the connection fails or the mailbox is over quota
   */
  public List<AppendOutcome> append(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    AppendOutcome[] outcomes = new AppendOutcome[messages.size()];
    List<Integer> toSend = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      long size = messages.get(i).content().size();
      if (appendLimit != null && size > appendLimit) {
        outcomes[i] =
            AppendOutcome.rejected(
                "larger than the destination accepts ("
                    + size
                    + " > APPENDLIMIT "
                    + appendLimit
                    + " bytes); not sent");
      } else {
        toSend.add(i);
      }
    }
    if (multiAppend && toSend.size() > 1) {
      List<OutgoingMessage> batch = toSend.stream().map(messages::get).toList();
      FolderStatus before = uidNextAtLeast.get(fullName);
      if (before == null) {
        before = status(fullName);
      }
      try {
        List<Long> uids = appendWithFolder(fullName, batch);
        for (int i = 0; i < toSend.size(); i++) {
          outcomes[toSend.get(i)] = AppendOutcome.appended(uids == null ? null : uids.get(i));
        }
        return List.of(outcomes);
      } catch (MessagingException e) {
        if (!refusesMessages(ImapFailure.classify(e))) {
          throw e;
        }
        // RFC 3502 makes MULTIAPPEND all or nothing, but a server may have kept some: those are
        // recognised among the UIDs it handed out meanwhile and not sent again.
        Map<Fingerprint, java.util.ArrayDeque<Long>> kept = keptSince(fullName, before);
        List<Integer> remaining = new ArrayList<>();
        for (int index : toSend) {
          java.util.ArrayDeque<Long> found = kept.get(messages.get(index).fingerprint());
          if (found != null && !found.isEmpty()) {
            outcomes[index] = AppendOutcome.appended(found.poll());
          } else {
            remaining.add(index);
          }
        }
        toSend = remaining;
      }
    }
    for (int index : toSend) {
      outcomes[index] = appendOne(fullName, messages.get(index));
    }
    return List.of(outcomes);
  }

  private static boolean refusesMessages(ImapFailure failure) {
    return failure == ImapFailure.REFUSED
        || failure == ImapFailure.TRY_AGAIN
        || failure == ImapFailure.TOO_BIG;
  }

  /** One message, tried again after a pause while the server says it cannot take it now. */
  private AppendOutcome appendOne(String fullName, OutgoingMessage message)
      throws MessagingException {
    int attempt = 0;
    while (true) {
      try {
        List<Long> uids = appendWithFolder(fullName, List.of(message));
        return AppendOutcome.appended(uids == null ? null : uids.get(0));
      } catch (MessagingException e) {
        ImapFailure failure = ImapFailure.classify(e);
        if (failure == ImapFailure.TRY_AGAIN && attempt < TRY_AGAIN_PAUSES.size()) {
          pause.pause(TRY_AGAIN_PAUSES.get(attempt++));
          continue;
        }
        if (!refusesMessages(failure)) {
          throw e;
        }
        String reason = ImapFailure.rootMessage(e);
        return AppendOutcome.rejected(
            failure == ImapFailure.TRY_AGAIN
                ? reason + " (still refused after " + attempt + " tries)"
                : reason);
      }
    }
  }

  /** APPEND, creating the folder first where the server answers TRYCREATE (RFC 3501 6.3.11). */
  private List<Long> appendWithFolder(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    try {
      return appendCommand(fullName, messages);
    } catch (MessagingException e) {
      if (ImapFailure.classify(e) != ImapFailure.TRY_CREATE) {
        throw e;
      }
      try {
        ensureFolder(fullName, true, false);
      } catch (FolderCreationException refused) {
        throw new MessagingException(refused.getMessage(), e);
      }
      return appendCommand(fullName, messages);
    }
  }

  /**
   * The fingerprints of messages numbered since {@code before} (from its UIDNEXT on, or all of them
   * where the folder was made anew since), each with its UIDs.
   */
  private Map<Fingerprint, java.util.ArrayDeque<Long>> keptSince(
      String fullName, FolderStatus before) throws MessagingException {
    Map<Fingerprint, java.util.ArrayDeque<Long>> kept = new HashMap<>();
    FolderStatus now = status(fullName);
    boolean sameFolder = now.uidValidity() == before.uidValidity();
    if (sameFolder && now.uidNext() == before.uidNext()) {
      return kept;
    }
    messagesFrom(fullName, sameFolder ? before.uidNext() : 1)
        .forEach((fingerprint, uids) -> kept.put(fingerprint, new java.util.ArrayDeque<>(uids)));
    return kept;
  }

  /**
   * One APPEND; what its APPENDUID says moves the folder's known UIDNEXT on, a failure drops it.
   */
  private List<Long> appendCommand(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    uidNextAtLeast.remove(fullName);
    String answer = appendAnswer(fullName, messages);
    List<Long> uids = appendedUids(answer, messages.size());
    Long validity = appendedUidValidity(answer);
    if (uids != null && validity != null) {
      long highest = uids.stream().mapToLong(Long::longValue).max().orElseThrow();
      uidNextAtLeast.put(fullName, new FolderStatus(validity, highest + 1));
    }
    return uids;
  }

  private String appendAnswer(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    Object result =
        folder.doCommand(
            (IMAPProtocol protocol) -> {
              Argument args = new Argument();
              args.writeString(
                  protocol.supportsUtf8() ? fullName : BASE64MailboxEncoder.encode(fullName));
              for (OutgoingMessage message : messages) {
                if (message.flags() != null && !message.flags().isBlank()) {
                  args.writeAtom("(" + message.flags() + ")");
                }
                if (message.internalDate() != null) {
                  args.writeString(INTERNALDATE.format(Date.from(message.internalDate())));
                }
                args.writeBytes(message.content());
              }
              Response[] responses = protocol.command("APPEND", args);
              Response tagged = responses[responses.length - 1];
              protocol.notifyResponseHandlers(responses);
              protocol.handleResult(tagged);
              return tagged.toString();
            });
    return String.valueOf(result);
  }

  /** The UIDVALIDITY an APPENDUID answer names, or null where it names none. */
  static Long appendedUidValidity(String response) {
    Matcher matcher = APPENDUID.matcher(response);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : null;
  }

  /** The UIDs of an APPENDUID answer (RFC 4315 3), which names a set for MULTIAPPEND. */
  static List<Long> appendedUids(String response, int expected) {
    Matcher matcher = APPENDUID.matcher(response);
    if (!matcher.find()) {
      return null;
    }
    List<Long> uids = new ArrayList<>();
    for (String part : matcher.group(2).split(",")) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        uids.add(Long.parseLong(part));
      } else {
        long a = Long.parseLong(part.substring(0, colon));
        long b = Long.parseLong(part.substring(colon + 1));
        for (long uid = Math.min(a, b); uid <= Math.max(a, b); uid++) {
          uids.add(uid);
        }
      }
    }
    return uids.size() == expected ? uids : null;
  }

  /**
   * The fingerprints of the messages at or above {@code fromUid}, one UID each (the highest where
   * several messages share one); see {@link #messagesFrom}.
   */
  public Map<Fingerprint, Long> fingerprintsFrom(String fullName, long fromUid)
      throws MessagingException {
    Map<Fingerprint, Long> result = new HashMap<>();
    messagesFrom(fullName, fromUid)
        .forEach((fingerprint, uids) -> result.put(fingerprint, uids.get(uids.size() - 1)));
    return result;
  }

  /**
   * The messages at or above {@code fromUid} by fingerprint, each with all its UIDs in ascending
   * order: those appended after the last checkpoint, so that a resumed copy recognises them instead
   * of appending them twice (identical messages each once).
   */
  public Map<Fingerprint, List<Long>> messagesFrom(String fullName, long fromUid)
      throws MessagingException {
    Map<Fingerprint, List<Long>> result = new HashMap<>();
    scanFingerprints(
        fullName,
        fromUid,
        (fingerprint, uid) -> result.computeIfAbsent(fingerprint, f -> new ArrayList<>()).add(uid));
    result.values().forEach(java.util.Collections::sort);
    return result;
  }

  /**
   * How many messages of the folder carry each fingerprint: a restoration appends a message only as
   * many times as its source holds it beyond these.
   */
  public Map<Fingerprint, Integer> fingerprintCounts(String fullName) throws MessagingException {
    Map<Fingerprint, Integer> result = new HashMap<>();
    scanFingerprints(fullName, 1, (fingerprint, uid) -> result.merge(fingerprint, 1, Integer::sum));
    return result;
  }

  private void scanFingerprints(
      String fullName, long fromUid, java.util.function.BiConsumer<Fingerprint, Long> found)
      throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    if (!folder.exists()) {
      return;
    }
    folder.open(Folder.READ_ONLY);
    try {
      if (folder.getMessageCount() == 0) {
        return;
      }
      long uidNext = folder.getUIDNext();
      long from = Math.max(1, fromUid);
      long end = uidNext > 0 ? uidNext - 1 : Uid.MAX;
      Set<Long> seen = new HashSet<>();
      while (from <= end) {
        long to = Math.min(end, from + SCAN_WINDOW - 1);
        long lowest = from;
        RawImap.uidFetch(
            folder,
            from + ":" + (uidNext > 0 ? String.valueOf(to) : "*"),
            RawImap.METADATA_ITEMS,
            response -> {
              MessageRef ref = RawImap.toMessageRef(response);
              if (ref != null && ref.uid().value() >= lowest && seen.add(ref.uid().value())) {
                found.accept(ref.fingerprint(), ref.uid().value());
              }
            });
        if (uidNext <= 0) {
          break;
        }
        from = to + 1;
      }
    } finally {
      folder.close(false);
    }
  }

  /** Every UID the folder holds now (for the verification after a folder's last chunk). */
  public Set<Long> uids(String fullName) throws MessagingException {
    Set<Long> uids = new HashSet<>();
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    if (!folder.exists()) {
      return uids;
    }
    folder.open(Folder.READ_ONLY);
    try {
      if (folder.getMessageCount() > 0) {
        RawImap.uidFetch(
            folder,
            "1:*",
            "(UID)",
            r -> uids.add(r.getItem(org.eclipse.angus.mail.imap.protocol.UID.class).uid));
      }
      return uids;
    } finally {
      folder.close(false);
    }
  }

  /** Applies flag changes with UID STORE .SILENT (RFC 3501 6.4.6), one folder selection. */
  public void changeFlags(String fullName, List<FlagChange> changes) throws MessagingException {
    if (changes.isEmpty()) {
      return;
    }
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    folder.open(Folder.READ_WRITE);
    try {
      folder.doCommand(
          (IMAPProtocol protocol) -> {
            for (FlagChange change : changes) {
              store(protocol, change.uid(), "+", change.add());
              store(protocol, change.uid(), "-", change.remove());
            }
            return null;
          });
    } finally {
      folder.close(false);
    }
  }

  private static void store(IMAPProtocol protocol, long uid, String sign, String flags)
      throws org.eclipse.angus.mail.iap.ProtocolException {
    if (flags == null || flags.isBlank()) {
      return;
    }
    Response[] r =
        protocol.command("UID STORE " + uid + " " + sign + "FLAGS.SILENT (" + flags + ")", null);
    protocol.handleResult(r[r.length - 1]);
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (MessagingException ignored) {
      // the connection is gone already
    }
  }
}
