package io.mailferry.migration.application.port;

/** The {@link MailSource} contract on the in-memory server the engine's unit tests use. */
class InMemorySourceContractTest extends MailSourceContract {

  @Override
  ServerUnderTest start() {
    return new InMemoryServerUnderTest();
  }

  @Override
  boolean handsLargeMessagesOverWhileReading() {
    return false;
  }
}
