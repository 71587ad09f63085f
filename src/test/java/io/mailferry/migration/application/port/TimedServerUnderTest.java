package io.mailferry.migration.application.port;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.timing.PhaseTimes;
import io.mailferry.migration.application.timing.TimedMailServers;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The in-memory server seen through the timing decorators, as the engine sees every server. */
final class TimedServerUnderTest implements ServerUnderTest {

  private final InMemoryServerUnderTest server = new InMemoryServerUnderTest();
  private final MailServers timed =
      new TimedMailServers(
          new MailServers() {
            @Override
            public MailSource source(
                ServerEndpoint endpoint,
                String login,
                String password,
                Duration connect,
                Duration read,
                ProtocolTrace trace) {
              return server.source();
            }

            @Override
            public MailDestination destination(
                ServerEndpoint endpoint,
                String login,
                String password,
                Duration connect,
                Duration read,
                ProtocolTrace trace) {
              return server.destination();
            }
          },
          new PhaseTimes("contract@example.org"));

  @Override
  public MailSource source() throws Exception {
    return timed.source(null, "contract", "pw", Duration.ZERO, Duration.ZERO, null);
  }

  @Override
  public MailDestination destination() throws Exception {
    return timed.destination(null, "contract", "pw", Duration.ZERO, Duration.ZERO, null);
  }

  @Override
  public void deliver(String folder, byte[] raw, Set<String> flags, Instant date) {
    server.deliver(folder, raw, flags, date);
  }

  @Override
  public void expunge(String folder, int n) {
    server.expunge(folder, n);
  }

  @Override
  public List<String> subscribed() {
    return server.subscribed();
  }

  @Override
  public List<MessageSnapshot> messages(String folder) throws Exception {
    return server.messages(folder);
  }

  @Override
  public void close() {}
}
