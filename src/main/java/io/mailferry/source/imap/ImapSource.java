package io.mailferry.source.imap;

import io.mailferry.imap.MailSessions;
import io.mailferry.imap.PipelinedCommands;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Namespaces;

/**
 * One logged-in connection to a source mailbox. Everything runs over a single IMAP connection:
 * store commands (LIST, STATUS) only while no folder is open, so a mailbox never costs the source
 * server more than one login.
 */
public final class ImapSource implements MailSource {

  private final IMAPStore store;

  private final SourceSession session;

  /** Set once ENABLE and NAMESPACE are answered, with the first command the source is asked. */
  private boolean started;

  private String namespacePrefix;
  private char separator;

  /** The personal namespace found by the start's NAMESPACE, until {@link #started} takes it. */
  private Namespaces.Namespace personal;

  /** Set by {@link #countsAndBytesAhead}: the next listing counts the folders too. */
  private boolean countWithListing;

  /**
   * The folders' sizes as the last listing found them, for the {@link #countsAndBytes} after it.
   */
  private Map<String, FolderSize> sizesWithListing;

  /** The listing written ahead ({@link #listFoldersAhead}) and not read yet, or null. */
  private FolderListing.Ahead listingAhead;

  /** Whether the server refused the LIST that counts: its folders are then opened to count them. */
  private boolean countRefused;

  /** Each folder's size as {@link #countsAndBytes} found it: how much is read with its opening. */
  private final Map<String, FolderSize> plannedSizes = new HashMap<>();

  private ImapSource(IMAPStore store) throws MessagingException {
    this.store = store;
    this.session = new SourceSession((IMAPFolder) store.getDefaultFolder());
  }

  /**
   * What goes out before the source's first command, in the same round trip: ENABLE CONDSTORE where
   * the server has it (RFC 7162 3.1: EXAMINE then reports HIGHESTMODSEQ and a resync asks only for
   * flags changed since) and NAMESPACE (RFC 2342), which gives the personal namespace. Nothing once
   * the start went out.
   */
  private FolderListing.Prelude start() throws MessagingException {
    List<String> commands = new ArrayList<>();
    if (!started && store.hasCapability("CONDSTORE") && store.hasCapability("ENABLE")) {
      commands.add("ENABLE CONDSTORE");
    }
    if (!started && store.hasCapability("NAMESPACE")) {
      commands.add("NAMESPACE");
    }
    return new SessionStart(commands);
  }

  /** The start's commands; their answers give the personal namespace. */
  private final class SessionStart implements FolderListing.Prelude {

    private final List<String> commands;

    SessionStart(List<String> commands) {
      this.commands = commands;
    }

    @Override
    public List<String> commands() {
      return commands;
    }

    @Override
    public void answered(IMAPProtocol protocol, Response[] statuses, List<IMAPResponse> answers)
        throws ProtocolException {
      Namespaces found = null;
      for (int n = 0; n < statuses.length; n++) {
        if (!commands.get(n).equals("NAMESPACE")) {
          protocol.handleResult(statuses[n]);
        } else if (statuses[n].isOK()) {
          // else asked again the usual way, which tells a refusal from no support
          for (IMAPResponse answer : answers) {
            if (answer.keyEquals("NAMESPACE")) {
              found = new Namespaces(answer);
            }
          }
        }
      }
      personal =
          found == null || found.personal == null || found.personal.length == 0
              ? null
              : found.personal[0];
    }
  }

  /** Sends the start alone, unless it went out already. */
  private void ensureStarted() throws MessagingException {
    if (started) {
      return;
    }
    FolderListing.Prelude prelude = start();
    if (!prelude.commands().isEmpty()) {
      session.command(
          protocol -> {
            List<IMAPResponse> answers = new ArrayList<>();
            prelude.answered(
                protocol, PipelinedCommands.send(protocol, prelude.commands(), answers), answers);
            return null;
          });
    }
    started();
  }

  /**
   * The namespace and separator, from the start's answers or, failing those, as Angus finds them.
   */
  private void started() throws MessagingException {
    String namespaceName;
    char sep;
    if (personal != null) {
      namespaceName = personal.prefix;
      sep = personal.delimiter;
    } else {
      // Angus Mail's own commands: nothing sent ahead may be left for them to read
      session.settle();
      Folder[] folders = store.getPersonalNamespaces();
      Folder namespace = folders.length > 0 ? folders[0] : store.getDefaultFolder();
      namespaceName = namespace.getFullName();
      sep = namespace.getSeparator();
    }
    if (sep == 0) {
      session.settle();
      sep = store.getFolder("INBOX").getSeparator();
    }
    this.separator = sep;
    this.namespacePrefix = io.mailferry.imap.NamespacePrefix.of(namespaceName, sep);
    started = true;
  }

  public static ImapSource connect(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException {
    return connect(endpoint, login, password, connect, read, null);
  }

  /** As above, with the conversation copied to {@code trace} (null for none). */
  public static ImapSource connect(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      io.mailferry.imap.ProtocolTrace trace)
      throws MessagingException {
    return over(MailSessions.connect(endpoint, login, password, connect, read, trace));
  }

  /** Over a store of {@link MailSessions} logged in already; closing the source closes it. */
  public static ImapSource over(Store store) throws MessagingException {
    try {
      return new ImapSource((IMAPStore) store);
    } catch (MessagingException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public String namespacePrefix() throws MessagingException {
    ensureStarted();
    return namespacePrefix;
  }

  public char separator() throws MessagingException {
    ensureStarted();
    return separator;
  }

  /**
   * Every folder, INBOX included, with the hierarchy given by the server's separator. LSUB and LIST
   * go out together, with the LIST that counts the folders where {@link #countsAndBytesAhead} asked
   * for it, and the session's start ({@link #start}) where this is the first command: one round
   * trip for all.
   */
  public List<ListedFolder> listFolders() throws MessagingException {
    FolderListing listing =
        listingAhead == null ? null : FolderListing.takeAhead(session, listingAhead);
    listingAhead = null;
    if (listing == null) {
      listing = FolderListing.read(session, countingNext(), start());
    } else {
      countWithListing = false;
    }
    if (!started) {
      started();
    }
    sizesWithListing = listing.sizes();
    countRefused |= listing.countRefused();
    return listing.folders(separator, namespacePrefix);
  }

  /**
   * Writes what the next {@link #listFolders} asks for now, without waiting for the answers: a
   * distant server answers while Mailferry does something else (a login check's session, until the
   * copy takes it). Any other command before that listing reads and drops them (it then asks
   * again).
   */
  public void listFoldersAhead() throws MessagingException {
    if (listingAhead == null) {
      listingAhead = FolderListing.sendAhead(session, countingNext(), start());
    }
  }

  /** Whether the next listing counts the folders too, as {@link #countsAndBytesAhead} asked. */
  private boolean countingNext() throws MessagingException {
    boolean counting = countWithListing && canCount() && !countRefused;
    countWithListing = false;
    return counting;
  }

  private boolean canCount() throws MessagingException {
    return store.hasCapability("LIST-STATUS") && store.hasCapability("STATUS=SIZE");
  }

  /** The next {@link #listFolders} counts the folders too, where the server can in the same go. */
  @Override
  public void countsAndBytesAhead() {
    countWithListing = true;
  }

  /**
   * Opens a folder read-only (EXAMINE): nothing on the source changes, not even \Recent. The folder
   * opened before is deselected by it.
   */
  @Override
  public OpenSourceFolder open(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    ensureStarted();
    return FolderOpening.examine(session, fullName, listAfterUid, listMax, plannedSize(fullName));
  }

  /**
   * Sends the folder's opening now, so that a distant server answers it while this one is read;
   * true where all of the folder comes with it.
   */
  @Override
  public boolean openAhead(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    ensureStarted();
    return FolderOpening.sendAhead(session, fullName, listAfterUid, listMax, plannedSize(fullName));
  }

  /** The folder's size as counted for the plan, or as the last listing counted it; else null. */
  private FolderSize plannedSize(String fullName) {
    FolderSize planned = plannedSizes.get(fullName);
    return planned != null || sizesWithListing == null ? planned : sizesWithListing.get(fullName);
  }

  @Override
  public OpenSourceFolder open(String fullName) throws MessagingException {
    return open(fullName, 0, 0);
  }

  /**
   * Message count and octets of each folder. Where the server has LIST-STATUS (RFC 5819) and
   * STATUS=SIZE (RFC 8438), one LIST answers for every folder: one round trip instead of opening
   * each folder in turn, which a distant source makes slow; folders it leaves out are opened, and
   * all of them where the server refuses that LIST though it advertises it.
   */
  @Override
  public Map<String, FolderSize> countsAndBytes(List<String> folders) throws MessagingException {
    ensureStarted();
    Map<String, FolderSize> result = new HashMap<>();
    if (sizesWithListing != null) {
      result.putAll(sizesWithListing);
      sizesWithListing = null;
    } else if (canCount() && !countRefused) {
      Map<String, FolderSize> counted = FolderListing.count(session);
      countRefused = counted == null;
      result.putAll(countRefused ? Map.of() : counted);
    }
    for (String folder : folders) {
      if (!result.containsKey(folder)) {
        try (OpenSourceFolder open = open(folder)) {
          result.put(folder, open.countAndBytes());
        }
      }
    }
    result.keySet().retainAll(folders);
    plannedSizes.putAll(result);
    return result;
  }

  public boolean hasCapability(String capability) throws MessagingException {
    return store.hasCapability(capability);
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (MessagingException ignored) {
      // closing a connection that is already gone
    }
  }
}
