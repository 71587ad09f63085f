package io.mailferry.migration.application.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import io.mailferry.testing.InMemoryMailServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PhaseTimesTest {

  private static final Instant DATE = Instant.parse("2020-01-02T03:04:05Z");

  /** A clock that moves 1 ms each time it is read: every timed call then lasts exactly 1 ms. */
  private final AtomicLong clock = new AtomicLong();

  private final PhaseTimes times =
      new PhaseTimes("ann@example.org", () -> clock.addAndGet(1_000_000), DATE);

  private final InMemoryMailServer server = new InMemoryMailServer();

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
              return server;
            }

            @Override
            public MailDestination destination(
                ServerEndpoint endpoint,
                String login,
                String password,
                Duration connect,
                Duration read,
                ProtocolTrace trace) {
              return server;
            }
          },
          times);

  @Test
  void eachPortCallCountsInItsPhaseAndAgainstItsServer() throws Exception {
    byte[] raw = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    server.deliver("INBOX", raw, Set.of("\\Seen"), DATE);
    server.deliver("INBOX", raw, Set.of(), DATE);

    MailSource source = timed.source(null, "ann", "pw", Duration.ZERO, Duration.ZERO, null);
    MailDestination destination =
        timed.destination(null, "ann", "pw", Duration.ZERO, Duration.ZERO, null);
    source.listFolders();
    source.countsAndBytes(List.of("INBOX"));
    destination.listFolders();
    SourceFolder folder = source.open("INBOX");
    var refs = folder.nextMessages(0, 10);
    var contents = folder.fetchContents(refs, Files.createTempDirectory("phases"));
    destination.ensureFolder("Copy", true, false);
    destination.append(
        "Copy",
        contents.values().stream().map(c -> new OutgoingMessage(c, "", DATE, null)).toList());
    destination.status("Copy");
    folder.close();
    source.close();
    destination.close();

    PhaseTimes.Report report = times.report();
    assertThat(report.calls())
        .containsEntry("connect", 4L)
        .containsEntry("list", 3L)
        .containsEntry("select", 2L)
        .containsEntry("scan", 1L)
        .containsEntry("fetch", 1L)
        .containsEntry("append", 1L)
        .containsEntry("check", 2L)
        .containsEntry("record", 0L);
    assertThat(report.seconds().get("list")).isCloseTo(0.003, within(1e-9));
    assertThat(report.seconds().get("append")).isCloseTo(0.001, within(1e-9));
    // source: 2 connect, 2 list, 2 select, scan, fetch; destination: 2 connect, list, append, 2
    // check
    assertThat(report.waiting().get("source")).isCloseTo(0.008, within(1e-9));
    assertThat(report.waiting().get("destination")).isCloseTo(0.006, within(1e-9));
    assertThat(server.messages("Copy")).hasSize(2);
  }

  @Test
  void theWallTimeStopsWhenTheMailboxEnds() {
    long t0 = times.start();
    times.add(Phase.RECORD, Side.DATABASE, t0);
    times.finish();
    double wall = times.report().wallSeconds();
    clock.addAndGet(5_000_000_000L);

    assertThat(times.report().wallSeconds()).isEqualTo(wall);
    assertThat(times.report().finished()).isTrue();
    assertThat(times.report().waiting()).containsEntry("database", 0.001);
  }

  @Test
  void theLogLineNamesEveryPhaseAndEachServersWait() {
    times.add(Phase.SELECT, Side.SOURCE, times.start() - 2_300_000_000L);

    assertThat(times.summary())
        .startsWith("connect 0.0 s, list 0.0 s, select 2.3 s, scan 0.0 s, fetch 0.0 s,")
        .contains("record 0.0 s; waiting on the source 2.3 s, the destination 0.0 s")
        .contains("the database 0.0 s; wall ");
  }
}
