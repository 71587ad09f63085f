package io.mailferry.migration.application.port;

/** The timing decorators change nothing a {@link MailDestination} does. */
class TimedDestinationContractTest extends MailDestinationContract {

  @Override
  ServerUnderTest start() {
    return new TimedServerUnderTest();
  }
}
