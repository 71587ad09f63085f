package io.mailferry.ops.check;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Logs in and looks at a mailbox without changing it: every folder EXAMINEd (read-only), the size
 * of every message from RFC822.SIZE, the capabilities announced after login, the hierarchy
 * separator and the personal namespace (RFC 2342).
 */
final class MailboxInspection {

  /** What the login saw; {@code why} is set when it failed. */
  record Result(
      boolean loggedIn,
      String why,
      List<String> capabilities,
      String separator,
      String namespace,
      int folders,
      long messages,
      long bytes,
      long largest,
      String largestFolder) {}

  private MailboxInspection() {}

  static Result inspect(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read) {
    try (Store store = MailSessions.connect(endpoint, login, password, connect, read)) {
      Folder root = store.getDefaultFolder();
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      @SuppressWarnings("unchecked")
      Map<String, String> announced =
          (Map<String, String>) inbox.doCommand(IMAPProtocol::getCapabilities);
      List<String> capabilities = new ArrayList<>(announced.values());
      Folder[] personal = store.getPersonalNamespaces();
      String separator = String.valueOf(root.getSeparator());
      // Angus drops the namespace's trailing separator; shown as the server announces it
      String namespace = personal.length == 0 ? "" : personal[0].getFullName();
      if (!namespace.isEmpty() && !namespace.endsWith(separator)) {
        namespace += separator;
      }
      int folders = 0;
      long messages = 0;
      long bytes = 0;
      long largest = 0;
      String largestFolder = null;
      for (Folder folder : root.list("*")) {
        if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
          continue;
        }
        folders++;
        folder.open(Folder.READ_ONLY);
        try {
          Message[] all = folder.getMessages();
          if (all.length == 0) {
            continue;
          }
          FetchProfile sizes = new FetchProfile();
          sizes.add(FetchProfile.Item.SIZE);
          folder.fetch(all, sizes);
          for (Message message : all) {
            long size = Math.max(0, message.getSize());
            messages++;
            bytes += size;
            if (size > largest) {
              largest = size;
              largestFolder = folder.getFullName();
            }
          }
        } finally {
          folder.close(false);
        }
      }
      return new Result(
          true,
          null,
          capabilities,
          separator,
          namespace,
          folders,
          messages,
          bytes,
          largest,
          largestFolder);
    } catch (MessagingException | RuntimeException e) {
      return new Result(
          false,
          "the login was refused or failed: " + ImapProbe.rootMessage(e),
          List.of(),
          null,
          null,
          0,
          0,
          0,
          0,
          null);
    }
  }
}
