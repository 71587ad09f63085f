package io.mailferry.benchmark;

import static io.mailferry.benchmark.Benchmark.PASSWORD;
import static io.mailferry.benchmark.Benchmark.log;

import io.mailferry.benchmark.Benchmark.Copy;
import io.mailferry.benchmark.Benchmark.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 11's scenarios on one source mailbox copied again and again, each time into a fresh
 * destination account (Mailferry queues it with the source login of the one mailbox): {@code
 * realistic} (Mailferry, mbsync, the servers' limit and Mailferry with the load gate at its
 * defaults) and {@code latency} (the typical and the realistic shapes at loopback, +20 ms and +100
 * ms round trip to the source); and {@code realisticparallel}, min(CPUs + 1, 6) realistic mailboxes
 * copied at once. Each copy is compared with the source, and deleted to spare the disk only once
 * every run to be compared with it is done (see {@link BenchSetup#discardAll}).
 */
final class RealisticScenarios {

  private final Benchmark bench;

  RealisticScenarios(Benchmark bench) {
    this.bench = bench;
  }

  /** {@code bench.messages} (default 50,000) in 41 folders; see {@link RealisticCorpus}. */
  static int realisticMessages() {
    return Integer.getInteger("bench.messages", 50_000);
  }

  void realistic() throws Exception {
    try (BenchSetup setup = bench.setup("realistic", List.of())) {
      String source = setup.realisticCorpus(realisticMessages());
      Result mailferry = mailferry(setup, "realistic", fresh(setup, "mf", source));
      Result mbsync = mbsync(setup, "realistic", source, setup.source.imapPort());
      Result limit = limit(setup, "realistic", source);
      double ofLimit = mailferry.messagesPerSecond() / limit.messagesPerSecond();
      double vsMbsync =
          mbsync == null ? Double.NaN : mailferry.messagesPerSecond() / mbsync.messagesPerSecond();
      bench.replaceNote(
          mailferry,
          String.format(
              Locale.ROOT, "loopback, gate open; %.0f %% of the servers' limit", 100 * ofLimit));
      bench.targets.add(Target.ratio("realistic", "Mailferry / mbsync, loopback", vsMbsync, 2.0));
      bench.targets.add(
          Target.percent("realistic", "Mailferry / the servers' limit, loopback", ofLimit, 0.8));

      Copy gated = fresh(setup, "gate", source);
      long closuresBefore = closures(setup);
      Duration limitTime = Duration.ofMinutes(Long.getLong("bench.gateMinutes", 10));
      setup.gateAtDefault(true);
      Result gateOn;
      try {
        gateOn = bench.mailferry(setup, "realistic", List.of(gated), new ArrayList<>(), limitTime);
      } finally {
        setup.gateAtDefault(false);
      }
      long closed = closures(setup) - closuresBefore;
      setup.discardAll();
      bench.replaceNote(
          gateOn,
          String.format(
              Locale.ROOT,
              "loopback, load gate at its defaults on this shared machine: closed %s,"
                  + " %.0f %% of the gate-open speed%s",
              closed == 1 ? "once" : closed + " times",
              100 * gateOn.messagesPerSecond() / mailferry.messagesPerSecond(),
              gateOn.note().isEmpty() ? "" : "; " + gateOn.note()));
    }
  }

  /**
   * min(CPUs + 1, 6) realistic mailboxes (each its own seed, {@code
   * bench.parallelRealisticMessages} messages, default 10,000) copied at once by Mailferry, then by
   * as many mbsync processes; the aggregate messages/s of each.
   */
  void realisticParallel() throws Exception {
    String scenario = "realisticparallel";
    int mailboxes = Benchmark.parallelMailboxes();
    int messages = Integer.getInteger("bench.parallelRealisticMessages", 10_000);
    try (BenchSetup setup = bench.setup(scenario, List.of())) {
      List<String> sources = new ArrayList<>();
      for (int i = 1; i <= mailboxes; i++) {
        sources.add(
            setup.realisticCorpus("realistic" + i + "@" + Benchmark.DOMAIN, messages, 10 + i));
      }
      List<Copy> copies = sources.stream().map(source -> fresh(setup, "mf", source)).toList();
      Result mailferry = bench.mailferry(setup, scenario, copies, new ArrayList<>(), null);
      bench.replaceNote(
          mailferry,
          String.format(
              Locale.ROOT,
              "loopback, gate open; %d mailboxes of %d, %d copying at once at the peak",
              mailboxes,
              messages,
              bench.peakRunning()));
      if (bench.withMbsync()) {
        Result mbsync = bench.mbsync(setup, scenario, sources, setup.source.imapPort());
        double vsMbsync = mailferry.messagesPerSecond() / mbsync.messagesPerSecond();
        log(String.format(Locale.ROOT, "%s: Mailferry/mbsync = %.2fx", scenario, vsMbsync));
        bench.targets.add(
            Target.ratio(
                scenario,
                "Mailferry / "
                    + mailboxes
                    + " mbsync processes, "
                    + mailboxes
                    + " mailboxes at once",
                vsMbsync,
                1.5));
      }
      setup.discardAll();
    }
  }

  void latency() throws Exception {
    try (BenchSetup setup = bench.setup("latency", List.of())) {
      String realistic =
          setup.realisticCorpus(Integer.getInteger("bench.latencyMessages", realisticMessages()));
      String typical =
          setup.typicalCorpus(1, Integer.getInteger("bench.typicalMessages", 5_000)).get(0);
      // The typical shape first: the short copies of the typical shape measured right after the
      // realistic shape's six copies (6 GB) were up to three times slower, whichever tool came
      // first, though the disk had been synced (the virtual disk's own write-back, it seems).
      delays(setup, "latency/typical", typical);
      delays(setup, "latency/realistic", realistic);
      setup.discardAll();
    }
  }

  /** Mailferry and mbsync at loopback, +20 ms and +100 ms; the targets beside the figures. */
  private void delays(BenchSetup setup, String scenario, String source) throws Exception {
    Result mailferryLoopback = null;
    for (int delay : new int[] {0, 20, 100}) {
      try (DelayProxy proxy =
          delay == 0 ? null : new DelayProxy(setup.source.imapPort(), delay / 2)) {
        int port = proxy == null ? setup.source.imapPort() : proxy.port();
        setup.registerDomain(port);
        Result mailferry = mailferry(setup, scenario, fresh(setup, "d" + delay, source));
        Result mbsync = mbsync(setup, scenario, source, port);
        double vsMbsync =
            mbsync == null
                ? Double.NaN
                : mailferry.messagesPerSecond() / mbsync.messagesPerSecond();
        if (delay == 0) {
          mailferryLoopback = mailferry;
          bench.replaceNote(mailferry, "loopback");
          if (mbsync != null) {
            bench.replaceNote(mbsync, "loopback");
          }
          if (scenario.endsWith("typical")) {
            bench.targets.add(
                Target.ratio(scenario, "Mailferry / mbsync, loopback", vsMbsync, 1.5));
          }
          continue;
        }
        double kept = mailferry.messagesPerSecond() / mailferryLoopback.messagesPerSecond();
        String note =
            String.format(
                Locale.ROOT, "+%d ms RTT to the source: %.0f %% of loopback", delay, 100 * kept);
        bench.replaceNote(mailferry, note);
        if (mbsync != null) {
          bench.replaceNote(mbsync, "+" + delay + " ms RTT to the source");
        }
        log(scenario + ": " + note + String.format(Locale.ROOT, ", %.2fx mbsync", vsMbsync));
        bench.targets.add(
            Target.percent(
                scenario, "Mailferry at +" + delay + " ms / its loopback speed", kept, 0.9));
        bench.targets.add(
            Target.ratio(scenario, "Mailferry / mbsync at +" + delay + " ms", vsMbsync, 1.5));
      }
    }
    setup.registerDomain(setup.source.imapPort());
  }

  /** A new destination account for one more copy of {@code source}. */
  private static Copy fresh(BenchSetup setup, String prefix, String source) {
    String email = prefix + "-" + source;
    setup.destination.addUser(email, PASSWORD);
    return new Copy(source, email);
  }

  private Result mailferry(BenchSetup setup, String scenario, Copy copy) throws Exception {
    return bench.mailferry(setup, scenario, List.of(copy), new ArrayList<>(), null);
  }

  private Result mbsync(BenchSetup setup, String scenario, String source, int port)
      throws Exception {
    if (!bench.withMbsync()) {
      return null;
    }
    return bench.mbsync(setup, scenario, List.of(source), port);
  }

  /**
   * The servers' limit: {@link StreamingCopier} into a fresh account on loopback, complete when
   * every folder holds as many messages as on the source and the copy equals it.
   */
  Result limit(BenchSetup setup, String scenario, String source) throws Exception {
    String target = "limit-" + source;
    setup.destination.addUser(target, PASSWORD);
    StreamingCopier.Outcome outcome =
        StreamingCopier.copy(
            setup.source.imapPort(), source, setup.destination.imapPort(), target, PASSWORD);
    Map<String, Long> copied =
        StreamingCopier.destinationCounts(
            setup.destination.imapPort(), target, PASSWORD, outcome.sourceCounts().keySet());
    boolean complete = copied.equals(outcome.sourceCounts());
    if (!complete) {
      log("the streaming copier's copy is incomplete: " + outcome.sourceCounts() + " vs " + copied);
    }
    boolean equal = complete && setup.compare(source, target);
    Result result =
        new Result(
            scenario,
            "limit",
            1,
            outcome.messages(),
            outcome.bytes(),
            outcome.seconds(),
            0,
            0,
            0,
            equal,
            String.format(
                Locale.ROOT,
                "the servers' limit: bare UID FETCH streamed into MULTIAPPEND%s, %d folders, counts"
                    + " per folder %s",
                outcome.literalPlus() ? " (LITERAL+)" : "",
                outcome.sourceCounts().size(),
                complete ? "equal" : "NOT equal"));
    bench.add(result);
    return result;
  }

  private static long closures(BenchSetup setup) throws Exception {
    return setup.api.get("api/load-gate").object().getJsonNumber("closures").longValue();
  }
}
