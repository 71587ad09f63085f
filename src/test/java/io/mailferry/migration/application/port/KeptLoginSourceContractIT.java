package io.mailferry.migration.application.port;

/**
 * The {@link MailSource} contract on a session a login check kept for the copy (GreenMail): taken
 * over, it behaves as one the copy logged in itself.
 */
class KeptLoginSourceContractIT extends GreenMailSourceContractIT {

  @Override
  ServerUnderTest start() throws Exception {
    return ((ImapServerUnderTest) super.start()).throughKeptLogin();
  }
}
