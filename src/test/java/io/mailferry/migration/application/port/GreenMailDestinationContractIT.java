package io.mailferry.migration.application.port;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** The {@link MailDestination} contract on GreenMail (no MULTIAPPEND, no UIDPLUS). */
class GreenMailDestinationContractIT extends MailDestinationContract {

  @Override
  ServerUnderTest start() throws Exception {
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "imap"));
    greenMail.start();
    greenMail.setUser("ana@ports.test", "ana@ports.test", "ports-pw");
    return new ImapServerUnderTest(
        greenMail.getImap().getPort(), "ana@ports.test", "ports-pw", greenMail::stop);
  }
}
