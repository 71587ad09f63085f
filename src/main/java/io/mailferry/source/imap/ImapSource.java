package io.mailferry.source.imap;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.domain.FolderPath;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Status;

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

  /** Each folder's size as {@link #countsAndBytes} found it: how much is read with its opening. */
  private final Map<String, FolderSize> plannedSizes = new HashMap<>();

  private ImapSource(IMAPStore store) throws MessagingException {
    this.store = store;
    this.session = new SourceSession((IMAPFolder) store.getDefaultFolder());
    enableCondstore(store);
    Folder[] personal = store.getPersonalNamespaces();
    Folder namespace = personal.length > 0 ? personal[0] : store.getDefaultFolder();
    char sep = namespace.getSeparator();
    if (sep == 0 || sep == '\0') {
      sep = store.getFolder("INBOX").getSeparator();
    }
    this.separator = sep;
    this.namespacePrefix = io.mailferry.imap.NamespacePrefix.of(namespace.getFullName(), sep);
  }

  /**
   * With CONDSTORE enabled (RFC 7162 3.1), EXAMINE reports HIGHESTMODSEQ and a resync asks only for
   * flags changed since. The connection is the one folders are opened on (pool of one).
   */
  private static void enableCondstore(IMAPStore store) throws MessagingException {
    if (store.hasCapability("CONDSTORE") && store.hasCapability("ENABLE")) {
      ((IMAPFolder) store.getFolder("INBOX"))
          .doCommand(
              protocol -> {
                protocol.enable("CONDSTORE");
                return null;
              });
    }
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

  /** Every folder, INBOX included, with the hierarchy given by the server's separator. */
  public List<ListedFolder> listFolders() throws MessagingException {
    session.settle();
    Set<String> subscribed = new HashSet<>();
    for (Folder folder : store.getDefaultFolder().listSubscribed("*")) {
      subscribed.add(folder.getFullName());
    }
    List<ListedFolder> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<Folder> folders = new ArrayList<>(List.of(store.getDefaultFolder().list("*")));
    if (folders.stream().noneMatch(f -> f.getFullName().equalsIgnoreCase("INBOX"))) {
      folders.add(0, store.getFolder("INBOX"));
    }
    for (Folder folder : folders) {
      IMAPFolder imap = (IMAPFolder) folder;
      String fullName = imap.getFullName();
      if (!seen.add(fullName) || fullName.isEmpty()) {
        continue;
      }
      Set<String> attributes = new HashSet<>();
      String[] listed = imap.getAttributes();
      if (listed != null) {
        for (String attribute : listed) {
          attributes.add(attribute);
        }
      }
      boolean selectable =
          attributes.stream()
              .noneMatch(
                  a -> a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent"));
      char folderSeparator = imap.getSeparator() == 0 ? separator : imap.getSeparator();
      boolean isSubscribed =
          subscribed.contains(fullName) || fullName.toUpperCase(Locale.ROOT).equals("INBOX");
      result.add(
          new ListedFolder(
              fullName,
              FolderPath.parse(fullName, folderSeparator, namespacePrefix),
              Set.copyOf(attributes),
              selectable,
              isSubscribed));
    }
    return result;
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

  /** Sends the folder's opening now, so that a distant server answers it while this one is read. */
  @Override
  public void openAhead(String fullName, long listAfterUid, int listMax) throws MessagingException {
    FolderOpening.sendAhead(session, fullName, listAfterUid, listMax, plannedSizes.get(fullName));
  }

  @Override
  public OpenSourceFolder open(String fullName) throws MessagingException {
    return open(fullName, 0, 0);
  }

  /**
   * Message count and octets of each folder. Where the server has LIST-STATUS (RFC 5819) and
   * STATUS=SIZE (RFC 8438), one LIST answers for every folder: one round trip instead of opening
   * each folder in turn, which a distant source makes slow; folders it leaves out are opened.
   */
  @Override
  public Map<String, FolderSize> countsAndBytes(List<String> folders) throws MessagingException {
    Map<String, FolderSize> result = new HashMap<>();
    if (store.hasCapability("LIST-STATUS") && store.hasCapability("STATUS=SIZE")) {
      session.command(
          protocol -> {
            Response[] responses =
                protocol.command("LIST \"\" \"*\" RETURN (STATUS (MESSAGES SIZE))", null);
            for (Response response : responses) {
              if (response instanceof IMAPResponse untagged && untagged.keyEquals("STATUS")) {
                Status status = new Status(untagged);
                Long size = status.getItem("SIZE");
                if (status.total >= 0 && size != null) {
                  result.put(status.mbox, new FolderSize(status.total, size));
                }
              }
            }
            protocol.handleResult(responses[responses.length - 1]);
            return null;
          });
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
