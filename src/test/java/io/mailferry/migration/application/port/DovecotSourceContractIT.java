package io.mailferry.migration.application.port;

import io.mailferry.testing.DovecotServer;

/** The {@link MailSource} contract on Dovecot, the reference server. */
class DovecotSourceContractIT extends MailSourceContract {

  @Override
  ServerUnderTest start() throws Exception {
    DovecotServer dovecot = DovecotServer.builder("contract").start();
    dovecot.addUser("ana@ports.test", "ports-pw");
    return new ImapServerUnderTest(
        dovecot.imapPort(), "ana@ports.test", "ports-pw", dovecot::close);
  }
}
