package io.mailferry.testing;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * A test's view of one mailbox on a plain-IMAP test server: fills it with messages and takes
 * snapshots that compare source and destination byte for byte, with flags and dates.
 */
public final class ImapMailbox implements AutoCloseable {

  private final Store store;

  private ImapMailbox(Store store) {
    this.store = store;
  }

  public static ImapMailbox open(String host, int port, String login, String password)
      throws MessagingException {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "60000");
    props.put("mail.imap.peek", "true");
    Session session = Session.getInstance(props);
    Store store = session.getStore("imap");
    store.connect(host, port, login, password);
    return new ImapMailbox(store);
  }

  public Store store() {
    return store;
  }

  public char separator() throws MessagingException {
    return store.getDefaultFolder().getSeparator();
  }

  /** Creates a folder (with its parents) and subscribes it when asked. */
  public IMAPFolder create(String fullName, boolean subscribe) throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    if (!folder.exists()) {
      folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
    }
    folder.setSubscribed(subscribe);
    return folder;
  }

  /** Appends one raw message with flags and an INTERNALDATE. */
  public void append(String fullName, byte[] raw, Flags flags, Instant internalDate)
      throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
    MimeMessage message =
        new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)) {
          @Override
          public Date getReceivedDate() {
            return Date.from(internalDate);
          }
        };
    if (flags != null) {
      message.setFlags(flags, true);
    }
    folder.appendMessages(new Message[] {message});
  }

  /** One message as the user sees it: its exact octets, flags and INTERNALDATE. */
  public record MessageSnapshot(String sha256, long size, String flags, Instant internalDate)
      implements Comparable<MessageSnapshot> {
    @Override
    public int compareTo(MessageSnapshot o) {
      return toString().compareTo(o.toString());
    }
  }

  /** Every folder's messages, keyed by the folder's name in '/' notation without prefix. */
  public Map<String, List<MessageSnapshot>> snapshot(String prefix) throws Exception {
    Map<String, List<MessageSnapshot>> result = new TreeMap<>();
    char separator = separator();
    for (Folder folder : store.getDefaultFolder().list("*")) {
      if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
        continue;
      }
      String name = folder.getFullName();
      if (!prefix.isEmpty() && name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
      name = name.replace(separator, '/');
      result.put(name, messages(folder));
    }
    return result;
  }

  public List<MessageSnapshot> messages(String fullName) throws Exception {
    return messages(store.getFolder(fullName));
  }

  private static List<MessageSnapshot> messages(Folder folder) throws Exception {
    List<MessageSnapshot> snapshots = new ArrayList<>();
    try {
      folder.open(Folder.READ_ONLY);
    } catch (MessagingException e) {
      return snapshots;
    }
    try {
      for (Message message : folder.getMessages()) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ((IMAPMessage) message).writeTo(raw);
        TreeSet<String> flags = new TreeSet<>();
        for (Flags.Flag flag : message.getFlags().getSystemFlags()) {
          if (flag != Flags.Flag.RECENT) {
            flags.add(systemName(flag));
          }
        }
        for (String keyword : message.getFlags().getUserFlags()) {
          flags.add(keyword);
        }
        snapshots.add(
            new MessageSnapshot(
                sha256(raw.toByteArray()),
                raw.size(),
                String.join(" ", flags),
                message.getReceivedDate().toInstant()));
      }
    } finally {
      folder.close(false);
    }
    snapshots.sort(null);
    return snapshots;
  }

  public List<String> subscribed(String prefix) throws MessagingException {
    List<String> names = new ArrayList<>();
    char separator = separator();
    for (Folder folder : store.getDefaultFolder().listSubscribed("*")) {
      String name = folder.getFullName();
      if (!prefix.isEmpty() && name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
      names.add(name.replace(separator, '/'));
    }
    names.sort(null);
    return names;
  }

  private static String systemName(Flags.Flag flag) {
    if (flag == Flags.Flag.SEEN) return "\\Seen";
    if (flag == Flags.Flag.ANSWERED) return "\\Answered";
    if (flag == Flags.Flag.FLAGGED) return "\\Flagged";
    if (flag == Flags.Flag.DRAFT) return "\\Draft";
    if (flag == Flags.Flag.DELETED) return "\\Deleted";
    return "?";
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A small RFC 5322 message with CRLF line ends. */
  public static byte[] message(String messageId, String subject, String date, int bodyBytes) {
    StringBuilder text = new StringBuilder();
    text.append("Message-ID: <").append(messageId).append(">\r\n");
    text.append("Date: ").append(date).append("\r\n");
    text.append("From: Sender <sender@example.org>\r\n");
    text.append("To: Receiver <receiver@example.org>\r\n");
    text.append("Subject: ").append(subject).append("\r\n");
    text.append("MIME-Version: 1.0\r\n");
    text.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    int line = 0;
    while (text.length() < bodyBytes) {
      text.append("Line ").append(line++).append(" of ").append(subject).append(" — äöü\r\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (MessagingException ignored) {
      // test clean-up
    }
  }

  static byte[] readAll(java.io.InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
