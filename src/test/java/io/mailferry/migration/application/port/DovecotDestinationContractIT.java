package io.mailferry.migration.application.port;

import io.mailferry.testing.DovecotServer;

/** The {@link MailDestination} contract on Dovecot, the reference server. */
class DovecotDestinationContractIT extends MailDestinationContract {

  @Override
  ServerUnderTest start() throws Exception {
    DovecotServer dovecot = DovecotServer.builder("contract").start();
    dovecot.addUser("ana@ports.test", "ports-pw");
    return new ImapServerUnderTest(
        dovecot.imapPort(), "ana@ports.test", "ports-pw", dovecot::close);
  }
}
