package io.mailferry.migration.application.port;

/** The timing decorators change nothing a {@link MailSource} does. */
class TimedSourceContractTest extends MailSourceContract {

  @Override
  ServerUnderTest start() {
    return new TimedServerUnderTest();
  }

  @Override
  boolean handsLargeMessagesOverWhileReading() {
    return false;
  }
}
