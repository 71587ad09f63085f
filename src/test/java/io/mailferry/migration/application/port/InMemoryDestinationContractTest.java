package io.mailferry.migration.application.port;

/** The {@link MailDestination} contract on the in-memory server the engine's unit tests use. */
class InMemoryDestinationContractTest extends MailDestinationContract {

  @Override
  ServerUnderTest start() {
    return new InMemoryServerUnderTest();
  }
}
