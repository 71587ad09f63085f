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
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
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
  private final String namespacePrefix;
  private final char separator;

  /** Set by {@link #countsAndBytesAhead}: the next listing counts the folders too. */
  private boolean countWithListing;

  /**
   * The folders' sizes as the last listing found them, for the {@link #countsAndBytes} after it.
   */
  private Map<String, FolderSize> sizesWithListing;

  /** Whether the server refused the LIST that counts: its folders are then opened to count them. */
  private boolean countRefused;

  /** Each folder's size as {@link #countsAndBytes} found it: how much is read with its opening. */
  private final Map<String, FolderSize> plannedSizes = new HashMap<>();

  private ImapSource(IMAPStore store) throws MessagingException {
    this.store = store;
    this.session = new SourceSession((IMAPFolder) store.getDefaultFolder());
    Namespaces.Namespace personal = enableCondstoreAndReadNamespace(store);
    String namespaceName;
    char sep;
    if (personal != null) {
      namespaceName = personal.prefix;
      sep = personal.delimiter;
    } else {
      Folder[] folders = store.getPersonalNamespaces();
      Folder namespace = folders.length > 0 ? folders[0] : store.getDefaultFolder();
      namespaceName = namespace.getFullName();
      sep = namespace.getSeparator();
    }
    if (sep == 0) {
      sep = store.getFolder("INBOX").getSeparator();
    }
    this.separator = sep;
    this.namespacePrefix = io.mailferry.imap.NamespacePrefix.of(namespaceName, sep);
  }

  /**
   * Enables CONDSTORE where the server has it (RFC 7162 3.1: EXAMINE then reports HIGHESTMODSEQ and
   * a resync asks only for flags changed since) and reads the personal namespace (RFC 2342), both
   * in one round trip. Null where the server has no NAMESPACE or names no personal one.
   */
  private Namespaces.Namespace enableCondstoreAndReadNamespace(IMAPStore store)
      throws MessagingException {
    List<String> commands = new ArrayList<>();
    if (store.hasCapability("CONDSTORE") && store.hasCapability("ENABLE")) {
      commands.add("ENABLE CONDSTORE");
    }
    if (store.hasCapability("NAMESPACE")) {
      commands.add("NAMESPACE");
    }
    if (commands.isEmpty()) {
      return null;
    }
    Namespaces[] found = {null};
    session.command(
        protocol -> {
          List<IMAPResponse> answers = new ArrayList<>();
          Response[] statuses = PipelinedCommands.send(protocol, commands, answers);
          for (int n = 0; n < statuses.length; n++) {
            if (!commands.get(n).equals("NAMESPACE")) {
              protocol.handleResult(statuses[n]);
            } else if (!statuses[n].isOK()) {
              return null; // asked again the usual way, which tells a refusal from no support
            }
          }
          for (IMAPResponse answer : answers) {
            if (answer.keyEquals("NAMESPACE")) {
              found[0] = new Namespaces(answer);
            }
          }
          return null;
        });
    Namespaces.Namespace[] personal = found[0] == null ? null : found[0].personal;
    return personal != null && personal.length > 0 ? personal[0] : null;
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
    Store store = MailSessions.connect(endpoint, login, password, connect, read, trace);
    try {
      return new ImapSource((IMAPStore) store);
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

  /**
   * Every folder, INBOX included, with the hierarchy given by the server's separator. LSUB and LIST
   * go out together, with the LIST that counts the folders where {@link #countsAndBytesAhead} asked
   * for it: one round trip for all.
   */
  public List<ListedFolder> listFolders() throws MessagingException {
    boolean counting = countWithListing && canCount() && !countRefused;
    countWithListing = false;
    FolderListing listing = FolderListing.read(session, counting);
    sizesWithListing = listing.sizes();
    countRefused |= listing.countRefused();
    return listing.folders(separator, namespacePrefix);
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
    return FolderOpening.examine(
        session, fullName, listAfterUid, listMax, plannedSizes.get(fullName));
  }

  /**
   * Sends the folder's opening now, so that a distant server answers it while this one is read;
   * true where all of the folder comes with it.
   */
  @Override
  public boolean openAhead(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    return FolderOpening.sendAhead(
        session, fullName, listAfterUid, listMax, plannedSizes.get(fullName));
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
