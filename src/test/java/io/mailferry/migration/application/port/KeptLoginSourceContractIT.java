package io.mailferry.migration.application.port;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The {@link MailSource} contract on a session a login check kept for the copy (GreenMail): taken
 * over, it behaves as one the copy logged in itself.
 */
class KeptLoginSourceContractIT extends MailSourceContract {

  @Override
  ServerUnderTest start() throws Exception {
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "imap"));
    greenMail.start();
    greenMail.setUser("ana@ports.test", "ana@ports.test", "ports-pw");
    return new ImapServerUnderTest(
            greenMail.getImap().getPort(), "ana@ports.test", "ports-pw", greenMail::stop)
        .throughKeptLogin();
  }
}
