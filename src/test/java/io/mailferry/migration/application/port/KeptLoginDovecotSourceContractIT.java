package io.mailferry.migration.application.port;

/**
 * The {@link MailSource} contract on a Dovecot session a login check kept for the copy: its folder
 * listing, counts included (LIST-STATUS), was asked for by the check.
 */
class KeptLoginDovecotSourceContractIT extends DovecotSourceContractIT {

  @Override
  ServerUnderTest start() throws Exception {
    return ((ImapServerUnderTest) super.start()).throughKeptLogin();
  }
}
