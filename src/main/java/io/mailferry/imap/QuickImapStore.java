package io.mailferry.imap;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus Mail's IMAP store, plain or over TLS from the first byte (imaps: what Angus's IMAPSSLStore
 * is, through the same constructor), whose connections log in with {@link QuickImapProtocol}.
 */
final class QuickImapStore extends IMAPStore {

  QuickImapStore(Session session, URLName url, boolean ssl) {
    super(session, url, ssl ? "imaps" : "imap", ssl);
  }

  @Override
  protected IMAPProtocol newIMAPProtocol(String host, int port)
      throws IOException, ProtocolException {
    return new QuickImapProtocol(name, host, port, session.getProperties(), isSSL, logger);
  }
}
