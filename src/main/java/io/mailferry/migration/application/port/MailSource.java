package io.mailferry.migration.application.port;

import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;

/**
 * The engine's port to the server mail is copied from: one account's folders, read without changing
 * anything on it. The IMAP adapter is {@code source.imap.ImapSource}; every implementation passes
 * the same contract suite ({@code MailSourceContract} in the tests).
 */
public interface MailSource extends AutoCloseable {

  /** Every folder of the account, with its separator, attributes and subscription. */
  List<ListedFolder> listFolders() throws MessagingException;

  /**
   * A hint that {@link #countsAndBytes} follows the next {@link #listFolders}: a server far away
   * can answer both in one go. The default does nothing.
   */
  default void countsAndBytesAhead() throws MessagingException {}

  /** Message count and total octets of each of these folders, by name. */
  Map<String, FolderSize> countsAndBytes(List<String> folders) throws MessagingException;

  /** Opens a folder for reading; nothing on the server changes, not even \Recent. */
  default SourceFolder open(String fullName) throws MessagingException {
    return open(fullName, 0, 0);
  }

  /**
   * Opens a folder for reading and lists, in the same go, up to {@code listMax} messages after
   * {@code listAfterUid}: {@code nextMessages(listAfterUid, listMax)} then answers at no further
   * cost. Nothing on the server changes, not even \Recent.
   */
  SourceFolder open(String fullName, long listAfterUid, int listMax) throws MessagingException;

  /**
   * A hint that this folder is opened next, as {@code open(fullName, listAfterUid, listMax)}: a
   * server far away can start on it now. The folder open before can still be read: what it was
   * asked for ahead comes as asked, anything else may cost a round trip more. Hints for several
   * folders are taken in the order given. True where the whole folder comes with that opening, so
   * that the next folder's can follow it at no cost; the default does nothing and says false.
   */
  default boolean openAhead(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    return false;
  }

  @Override
  void close();
}
