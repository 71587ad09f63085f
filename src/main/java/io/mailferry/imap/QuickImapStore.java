package io.mailferry.imap;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPSSLStore;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/** Angus Mail's IMAP store whose connections log in with {@link QuickImapProtocol}. */
final class QuickImapStore extends IMAPStore {

  QuickImapStore(Session session, URLName url) {
    super(session, url);
  }

  @Override
  protected IMAPProtocol newIMAPProtocol(String host, int port)
      throws IOException, ProtocolException {
    return new QuickImapProtocol(name, host, port, session.getProperties(), isSSL, logger);
  }

  /** The same over TLS from the first byte (imaps). */
  static final class Ssl extends IMAPSSLStore {

    Ssl(Session session, URLName url) {
      super(session, url);
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port)
        throws IOException, ProtocolException {
      return new QuickImapProtocol(name, host, port, session.getProperties(), isSSL, logger);
    }
  }
}
