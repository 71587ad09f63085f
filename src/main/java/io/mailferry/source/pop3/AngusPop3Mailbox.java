package io.mailferry.source.pop3;

import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;

/** {@link Pop3Mailbox} through Angus Mail's POP3 provider: one session, INBOX opened read-write. */
public final class AngusPop3Mailbox implements Pop3Mailbox {

  private final Store store;
  private final POP3Folder inbox;
  private Message[] messages;
  private boolean uidl = true;

  private AngusPop3Mailbox(Store store, POP3Folder inbox) {
    this.store = store;
    this.inbox = inbox;
  }

  /** Connects and logs in (USER/PASS or AUTH as the server offers); the caller closes it. */
  public static AngusPop3Mailbox connect(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read)
      throws MessagingException {
    Store store =
        Pop3Sessions.session(endpoint, connect, read).getStore(Pop3Sessions.protocol(endpoint));
    try {
      store.connect(endpoint.host(), endpoint.port(), login, password);
      POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      return new AngusPop3Mailbox(store, inbox);
    } catch (MessagingException | RuntimeException e) {
      try {
        store.close();
      } catch (MessagingException ignored) {
        // not connected
      }
      throw e;
    }
  }

  @Override
  public List<Listing> list() throws MessagingException {
    messages = inbox.getMessages();
    int[] sizes = inbox.getSizes();
    List<Listing> listing = new ArrayList<>(messages.length);
    List<String> uids = new ArrayList<>(messages.length);
    boolean all = true;
    FetchProfile profile = new FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    // one UIDL for the whole maildrop; where the server has none each message is asked alone
    // and answers -ERR, which Angus returns as null
    inbox.fetch(messages, profile);
    for (Message message : messages) {
      String uid = inbox.getUID(message);
      uids.add(uid);
      all &= uid != null && !uid.isEmpty();
    }
    uidl = all;
    for (int i = 0; i < messages.length; i++) {
      listing.add(new Listing(i + 1, sizes[i], all ? uids.get(i) : null));
    }
    return listing;
  }

  @Override
  public boolean supportsUidl() {
    return uidl;
  }

  @Override
  public byte[] headers(int number) throws MessagingException {
    POP3Message message = message(number);
    try (InputStream in = message.top(0)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new MessagingException("reading the headers of message " + number + " failed", e);
    }
  }

  @Override
  public byte[] retrieve(int number) throws MessagingException {
    POP3Message message = message(number);
    try (InputStream in = message.getMimeStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MessagingException("retrieving message " + number + " failed", e);
    } finally {
      message.invalidate(true);
    }
  }

  @Override
  public void delete(int number) throws MessagingException {
    message(number).setFlag(Flags.Flag.DELETED, true);
  }

  @Override
  public void commit() throws MessagingException {
    inbox.close(true);
  }

  private POP3Message message(int number) throws MessagingException {
    if (messages == null) {
      list();
    }
    return (POP3Message) messages[number - 1];
  }

  @Override
  public void close() {
    try {
      if (inbox.isOpen()) {
        inbox.close(false);
      }
    } catch (MessagingException ignored) {
      // the connection is gone already
    }
    try {
      store.close();
    } catch (MessagingException ignored) {
      // the connection is gone already
    }
  }
}
