package io.mailferry.benchmark;

import static io.mailferry.benchmark.Measurements.cpuSeconds;
import static io.mailferry.benchmark.Measurements.lines;
import static io.mailferry.benchmark.Measurements.peakHeapMb;
import static io.mailferry.benchmark.Measurements.peakRss;
import static io.mailferry.benchmark.Measurements.resetPeakRss;
import static io.mailferry.benchmark.Measurements.windowRate;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.mail.Folder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailferry against mbsync (Debian's isync) on two real Dovecot servers on loopback, with the
 * Debian default {@code mail_fsync = optimized}. Each scenario builds a seeded corpus in the source
 * maildir, migrates it with Mailferry on Payara Micro (through the REST API), then the same corpus
 * with mbsync into a fresh destination user, and checks both copies byte for byte (flags and
 * INTERNALDATE too). Results go to {@code target/benchmark/results.json} and a Markdown table.
 *
 * <p>Run by {@code ./benchmark.sh [scenario...]}; scenarios: smoke, one, parallel, bigfolder,
 * large, largeparallel, latency, resync, signup, typical, realistic, realisticparallel (realistic,
 * realisticparallel and latency in {@link RealisticScenarios}, typical in {@link #typical()}).
 * System properties: {@code bench.messages} (messages of the one/resync mailbox, default 20000, and
 * of the realistic one, default 50000), {@code bench.parallelMessages} (per mailbox, default 6000),
 * {@code bench.parallelRealisticMessages} (per realisticparallel mailbox, default 10000), {@code
 * bench.bigMessages} (default 100000), {@code bench.typicalMessages} (default 5000), {@code
 * bench.latencyMessages} (the realistic shape in latency), {@code bench.database} (h2 or postgres),
 * {@code bench.gateMinutes} (the gate-on run's limit, default 10), {@code bench.mbsync} (false
 * skips mbsync), {@code bench.jfr} (true records a JFR profile of Payara), {@code bench.chunk}
 * (chunk-messages), {@code bench.jvm} (more JVM options for Payara, e.g. {@code
 * -XX:TieredStopAtLevel=4} to compare with C2).
 */
public final class Benchmark {

  static final String DOMAIN = "bench.test";
  static final String PASSWORD = "bench-pw";
  static final long MB = 1024 * 1024;

  /** One measured run of one tool in one scenario. */
  public record Result(
      String scenario,
      String tool,
      int mailboxes,
      long messages,
      long bytes,
      double wallSeconds,
      double cpuSeconds,
      long peakHeapMb,
      long peakRssMb,
      boolean equal,
      String note) {

    double messagesPerSecond() {
      return wallSeconds > 0 ? messages / wallSeconds : 0;
    }

    double mbPerSecond() {
      return wallSeconds > 0 ? bytes / (double) MB / wallSeconds : 0;
    }
  }

  private final List<Result> results = new ArrayList<>();

  /** Where each Mailferry run spent its time (GET /api/migrations/{email}/phases). */
  private final Map<Result, PhaseReport> phases = new IdentityHashMap<>();

  /** Runs stopped at their time limit (the gate-on run): neither equal nor unequal. */
  private final java.util.Set<Result> unfinished =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /** The issue's targets beside what this run measured. */
  final List<Target> targets = new ArrayList<>();

  private final Path outDir;
  private final boolean withMbsync;
  private final boolean jfr;

  /** The most mailboxes seen RUNNING at once during the last Mailferry run. */
  private int peakRunning;

  public Benchmark() {
    this.outDir =
        Paths.get(System.getProperty("project.build.directory", "target"))
            .toAbsolutePath()
            .resolve("benchmark");
    this.withMbsync =
        Boolean.parseBoolean(System.getProperty("bench.mbsync", "true"))
            && Files.isExecutable(Paths.get("/usr/bin/mbsync"));
    this.jfr = Boolean.getBoolean("bench.jfr");
  }

  public static void main(String[] args) throws Exception {
    List<String> scenarios = args.length == 0 ? List.of("one", "parallel") : List.of(args);
    Benchmark benchmark = new Benchmark();
    try {
      for (String scenario : scenarios) {
        benchmark.run(scenario);
      }
    } finally {
      benchmark.report();
    }
    System.exit(
        benchmark.results.stream()
                .allMatch(
                    r ->
                        r.equal()
                            || !r.tool().equals("mailferry")
                            || benchmark.unfinished.contains(r))
            ? 0
            : 1);
  }

  public List<Result> results() {
    return results;
  }

  /** Where a Mailferry run spent its time (null for the other tools). */
  PhaseReport phases(Result result) {
    return phases.get(result);
  }

  boolean withMbsync() {
    return withMbsync;
  }

  void add(Result result) {
    results.add(result);
    log(describe(result));
  }

  /** A scenario's servers, with this run's JFR choice. */
  BenchSetup setup(String name, List<String> extraJvm) throws Exception {
    return new BenchSetup(name, extraJvm, outDir, jfr);
  }

  public void run(String scenario) throws Exception {
    log("=== scenario " + scenario);
    switch (scenario) {
      case "smoke" -> simple("smoke", 1, 500, 1, false, List.of());
      case "one" ->
          simple("one", 1, Integer.getInteger("bench.messages", 20_000), 3, true, List.of());
      case "resync" -> {
        try (BenchSetup setup = new BenchSetup("resync", List.of(), outDir, jfr)) {
          List<String> emails = setup.corpus(1, Integer.getInteger("bench.messages", 20_000), 3);
          mailferry(setup, "resync", emails);
          resync(setup, emails.get(0));
        }
      }
      case "parallel" ->
          simple(
              "parallel",
              parallelMailboxes(),
              Integer.getInteger("bench.parallelMessages", 6_000),
              1,
              false,
              List.of());
      case "bigfolder" -> bigFolder();
      case "large" -> large();
      case "largeparallel" -> largeParallel();
      case "signup" -> signup();
      case "latency" -> new RealisticScenarios(this).latency();
      case "realistic" -> new RealisticScenarios(this).realistic();
      case "realisticparallel" -> new RealisticScenarios(this).realisticParallel();
      case "typical" -> typical();
      default ->
          throw new IllegalArgumentException(
              "unknown scenario "
                  + scenario
                  + " (smoke, one, parallel, bigfolder, large, largeparallel, latency, resync, signup,"
                  + " typical, realistic, realisticparallel)");
    }
  }

  /** As many mailboxes as Mailferry copies at once on this machine: min(CPUs + 1, 6). */
  static int parallelMailboxes() {
    return Math.min(Runtime.getRuntime().availableProcessors() + 1, 6);
  }

  /** The most mailboxes seen RUNNING at once during the last Mailferry run. */
  int peakRunning() {
    return peakRunning;
  }

  // ---------------------------------------------------------------------------------------------
  // scenarios

  private void simple(
      String name, int mailboxes, int messages, int largeMessages, boolean resync, List<String> jvm)
      throws Exception {
    try (BenchSetup setup = new BenchSetup(name, jvm, outDir, jfr)) {
      List<String> emails = setup.corpus(mailboxes, messages, largeMessages);
      Result mailferry = mailferry(setup, name, emails);
      if (resync) {
        resync(setup, emails.get(0));
      }
      if (withMbsync) {
        mbsync(setup, name, emails, setup.source.imapPort());
        log(String.format(Locale.ROOT, "%s: Mailferry/mbsync = %.2fx", name, ratio(mailferry)));
      }
    }
  }

  private void bigFolder() throws Exception {
    int messages = Integer.getInteger("bench.bigMessages", 100_000);
    try (BenchSetup setup = new BenchSetup("bigfolder", List.of(), outDir, jfr)) {
      String email = "big@" + DOMAIN;
      setup.addUser(email);
      MaildirCorpus corpus = new MaildirCorpus(setup.source, email, 100);
      corpus.addSized(messages * 6 / 10, 2_000, 6_000);
      corpus.addSized(messages - messages * 6 / 10, 6_000, 18_000);
      setup.snapshotSources(List.of(email));
      List<long[]> samples = new ArrayList<>();
      Result result = mailferry(setup, "bigfolder", List.of(email), samples);
      int window = Math.min(10_000, messages / 2);
      double first = windowRate(samples, 0, window);
      double last = windowRate(samples, messages - window, messages);
      String note =
          String.format(
              Locale.ROOT,
              "first %d: %.0f msg/s, last %d: %.0f msg/s (%.0f %%)",
              window,
              first,
              window,
              last,
              100 * last / first);
      log("bigfolder: " + note);
      replaceNote(result, note);
      if (withMbsync && Boolean.parseBoolean(System.getProperty("bench.bigMbsync", "true"))) {
        mbsync(setup, "bigfolder", List.of(email), setup.source.imapPort());
      }
    }
  }

  private void large() throws Exception {
    try (BenchSetup setup = new BenchSetup("large", List.of("-Xmx256m"), outDir, jfr)) {
      String email = "large@" + DOMAIN;
      setup.addUser(email);
      new MaildirCorpus(setup.source, email, 200).addSized(6, 50 * (int) MB, 50 * (int) MB);
      new MaildirCorpus(setup.source, email, 201).addSized(50, 2_000, 50_000, "Archive");
      setup.snapshotSources(List.of(email));
      Result result = mailferry(setup, "large", List.of(email));
      replaceNote(result, "Payara -Xmx256m; six 50 MB messages");
      if (withMbsync) {
        mbsync(setup, "large", List.of(email), setup.source.imapPort());
      }
      new RealisticScenarios(this).limit(setup, "large", email);
    }
  }

  /**
   * Six mailboxes with 50 MB messages copying at once under {@code -Xmx512m}. This machine's
   * ceiling is min(CPUs + 1, 6); Payara is told it has six CPUs so that all six run together.
   */
  private void largeParallel() throws Exception {
    try (BenchSetup setup =
        new BenchSetup(
            "largeparallel", List.of("-Xmx512m", "-XX:ActiveProcessorCount=6"), outDir, jfr)) {
      List<String> emails = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        String email = "large" + i + "@" + DOMAIN;
        setup.addUser(email);
        new MaildirCorpus(setup.source, email, 300 + i).addSized(3, 50 * (int) MB, 50 * (int) MB);
        new MaildirCorpus(setup.source, email, 400 + i).addSized(30, 2_000, 50_000, "Archive");
        emails.add(email);
      }
      setup.snapshotSources(emails);
      Result result = mailferry(setup, "largeparallel", emails);
      replaceNote(
          result,
          "Payara -Xmx512m; "
              + peakRunning
              + " mailboxes copying at once at the peak; three 50 MB messages each");
      if (withMbsync) {
        mbsync(setup, "largeparallel", emails, setup.source.imapPort());
      }
    }
  }

  /**
   * Sign-up to the first message on the destination, with the load gate open: each user signs up
   * through {@code POST /api/signup} and the destination is polled every 20 ms.
   */
  private void signup() throws Exception {
    try (BenchSetup setup = new BenchSetup("signup", List.of(), outDir, jfr)) {
      List<String> emails = setup.corpus(3, 2_000, 0);
      for (String email : emails) {
        long t0 = System.nanoTime();
        ApiClient.Answer answer =
            setup.api.post(
                "api/signup", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        if (answer.status() != 202) {
          throw new IllegalStateException("signing up " + email + " answered " + answer.text());
        }
        double accepted = (System.nanoTime() - t0) / 1e9;
        double first = secondsToFirstMessage(setup, email, t0);
        setup.api.awaitStatus(email, "COMPLETED", Duration.ofMinutes(10));
        double completed = (System.nanoTime() - t0) / 1e9;
        boolean equal = setup.compare(email, email);
        String note =
            String.format(
                Locale.ROOT,
                "sign-up answered in %.2f s; first message on the destination after %.2f s",
                accepted,
                first);
        results.add(
            new Result(
                "signup",
                "mailferry",
                1,
                setup.messages(List.of(email)),
                setup.bytes(List.of(email)),
                completed,
                0,
                0,
                0,
                equal,
                note));
        log(
            "signup "
                + email
                + ": "
                + note
                + "; completed after "
                + String.format(Locale.ROOT, "%.1f s", completed));
      }
    }
  }

  private static double secondsToFirstMessage(BenchSetup setup, String email, long t0)
      throws Exception {
    try (ImapMailbox box =
        ImapMailbox.open(setup.destination.host(), setup.destination.imapPort(), email, PASSWORD)) {
      long deadline = t0 + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        for (Folder folder : box.store().getDefaultFolder().list("*")) {
          if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0 && folder.getMessageCount() > 0) {
            return (System.nanoTime() - t0) / 1e9;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("no message reached the destination for " + email);
  }

  /**
   * A typical user's mailbox (5,000 messages of 2-200 KB in 20 folders) at loopback and with 20 ms
   * and 100 ms added to every round trip to the source, Mailferry and mbsync each time.
   */
  private void typical() throws Exception {
    int messages = Integer.getInteger("bench.typicalMessages", 5_000);
    int[] delaysMs = {0, 20, 100};
    double[] mailferry = new double[delaysMs.length];
    double[] mbsync = new double[delaysMs.length];
    try (BenchSetup setup = new BenchSetup("typical", List.of(), outDir, jfr)) {
      List<String> emails = setup.typicalCorpus(delaysMs.length, messages);
      for (int i = 0; i < delaysMs.length; i++) {
        int delay = delaysMs[i];
        String note = delay == 0 ? "loopback" : "+" + delay + " ms RTT to the source";
        try (DelayProxy proxy =
            delay == 0 ? null : new DelayProxy(setup.source.imapPort(), delay / 2)) {
          int port = proxy == null ? setup.source.imapPort() : proxy.port();
          setup.registerDomain(port);
          Result copied = mailferry(setup, "typical", List.of(emails.get(i)));
          mailferry[i] = copied.messagesPerSecond();
          replaceNote(copied, note);
          mbsync[i] = Double.NaN;
          if (withMbsync) {
            Result synced = mbsync(setup, "typical", List.of(emails.get(i)), port);
            mbsync[i] = synced.messagesPerSecond();
            replaceNote(synced, note);
          }
        }
      }
    }
    targets.add(
        Target.ratio("typical", "Mailferry / mbsync, loopback", mailferry[0] / mbsync[0], 1.5));
    for (int i = 1; i < delaysMs.length; i++) {
      targets.add(
          Target.percent(
              "typical",
              "Mailferry at +" + delaysMs[i] + " ms / its loopback speed",
              mailferry[i] / mailferry[0],
              0.9));
      targets.add(
          Target.ratio(
              "typical",
              "Mailferry / mbsync at +" + delaysMs[i] + " ms",
              mailferry[i] / mbsync[i],
              1.5));
    }
  }

  private void resync(BenchSetup setup, String email) throws Exception {
    JsonObject before = setup.api.get("api/migrations/" + email).object();
    long previous = before.getJsonNumber("jobExecutionId").longValue();
    long t0 = System.nanoTime();
    int status = setup.api.post("api/migrations/" + email + "/resync", null).status();
    if (status != 202) {
      throw new IllegalStateException("resync answered " + status);
    }
    JsonObject done =
        setup.api.awaitMigration(
            email,
            m ->
                "COMPLETED".equals(m.getString("status"))
                    && !m.isNull("jobExecutionId")
                    && m.getJsonNumber("jobExecutionId").longValue() != previous,
            Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean equal = setup.compare(email, email);
    results.add(
        new Result(
            setup.name,
            "mailferry resync",
            1,
            0,
            0,
            seconds,
            0,
            0,
            0,
            equal,
            String.format(
                Locale.ROOT,
                "nothing new: %.1f s, messagesDone %d",
                seconds,
                done.getJsonNumber("messagesDone").longValue())));
    log(String.format(Locale.ROOT, "resync of %s: %.2f s", email, seconds));
  }

  // ---------------------------------------------------------------------------------------------
  // the two tools

  /**
   * A mailbox to copy: from the source account {@code sourceLogin} into the account {@code email}.
   */
  record Copy(String sourceLogin, String email) {
    static List<Copy> of(List<String> emails) {
      return emails.stream().map(e -> new Copy(e, e)).toList();
    }
  }

  Result mailferry(BenchSetup setup, String scenario, List<String> emails) throws Exception {
    return mailferry(setup, scenario, Copy.of(emails), new ArrayList<>(), null);
  }

  private Result mailferry(
      BenchSetup setup, String scenario, List<String> emails, List<long[]> samples)
      throws Exception {
    return mailferry(setup, scenario, Copy.of(emails), samples, null);
  }

  /**
   * Queues the copies through the API and polls them to the end; with a {@code limit}, a run still
   * going after it counts the messages done so far, and its copy is not compared.
   */
  Result mailferry(
      BenchSetup setup, String scenario, List<Copy> copies, List<long[]> samples, Duration limit)
      throws Exception {
    if (!setup.warmedUp) {
      warmUp(setup);
    }
    setup.flushDisk();
    Result result = copy(setup, scenario, copies, samples, limit);
    results.add(result);
    if (!result.note().isEmpty()) {
      unfinished.add(result);
    }
    phases.put(result, PhaseReport.of(setup.api, copies.stream().map(Copy::email).toList()));
    log(describe(result));
    log("phases: " + phases.get(result));
    return result;
  }

  /**
   * One uncounted copy of a small typical mailbox before the first measured one: Mailferry is a
   * server that runs for days, and its first copy after a start measures the JVM compiling the code
   * rather than the copy (mbsync, a native program, has no such start).
   */
  private void warmUp(BenchSetup setup) throws Exception {
    setup.warmedUp = true;
    int messages = Integer.getInteger("bench.warmUpMessages", 2_000);
    if (messages > 0) {
      long t0 = System.nanoTime();
      List<String> emails = setup.typicalCorpus("warmup", 1, messages);
      copy(setup, "warm-up", Copy.of(emails), new ArrayList<>(), null);
      log(
          String.format(
              Locale.ROOT,
              "warm-up: %d messages copied in %.1f s, not counted",
              messages,
              (System.nanoTime() - t0) / 1e9));
    }
  }

  /** Queues the copies, polls them to the end and compares them; the result is not recorded. */
  private Result copy(
      BenchSetup setup, String scenario, List<Copy> copies, List<long[]> samples, Duration limit)
      throws Exception {
    long pid = setup.payara.pid();
    resetPeakRss(pid);
    peakRunning = 0;
    long gcFrom = lines(setup.gcLog);
    double cpu0 = cpuSeconds(pid);
    long t0 = System.nanoTime();
    Instant queued = Instant.now();
    Instant lastFinished = queued;
    for (Copy copy : copies) {
      JsonObjectBuilder request =
          Json.createObjectBuilder().add("email", copy.email()).add("password", PASSWORD);
      if (!copy.sourceLogin().equals(copy.email())) {
        request.add("sourceLogin", copy.sourceLogin());
      }
      ApiClient.Answer answer = setup.api.post("api/migrations", request.build().toString());
      if (answer.status() != 202) {
        throw new IllegalStateException("queueing " + copy + " answered " + answer.text());
      }
    }
    long deadline = System.nanoTime() + (limit == null ? Duration.ofHours(2) : limit).toNanos();
    long peakRss = 0;
    long done;
    boolean finished;
    while (true) {
      done = 0;
      int completed = 0;
      int running = 0;
      for (Copy copy : copies) {
        JsonObject m = setup.api.get("api/migrations/" + copy.email()).object();
        String status = m.getString("status");
        if ("ERROR".equals(status)) {
          throw new IllegalStateException("Mailferry stopped " + copy + " in ERROR: " + m);
        }
        if ("COMPLETED".equals(status)) {
          completed++;
          Instant finishedAt = Instant.parse(m.getString("finishedAt"));
          lastFinished = finishedAt.isAfter(lastFinished) ? finishedAt : lastFinished;
        }
        running += "RUNNING".equals(status) ? 1 : 0;
        done += m.getJsonNumber("messagesDone").longValue();
      }
      long now = System.nanoTime();
      samples.add(new long[] {now - t0, done});
      peakRss = Math.max(peakRss, peakRss(pid));
      peakRunning = Math.max(peakRunning, running);
      finished = completed == copies.size();
      if (finished) {
        break;
      }
      if (now > deadline) {
        if (limit == null) {
          throw new IllegalStateException("Mailferry did not finish in 2 h");
        }
        break;
      }
      Thread.sleep(500); // a status answer costs Payara CPU: poll gently
    }
    // the copies' own end, not the poll that saw it: polling every 500 ms added 0.25 s on average
    double wall =
        finished
            ? Duration.between(queued, lastFinished).toNanos() / 1e9
            : (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds(pid) - cpu0;
    peakRss = Math.max(peakRss, peakRss(pid));
    long heap = peakHeapMb(setup.gcLog, gcFrom);
    List<String> sources = copies.stream().map(Copy::sourceLogin).toList();
    boolean equal = finished;
    for (Copy copy : finished ? copies : List.<Copy>of()) {
      equal &= setup.compare(copy.sourceLogin(), copy.email());
    }
    Result result =
        new Result(
            scenario,
            "mailferry",
            copies.size(),
            finished ? setup.messages(sources) : done,
            finished
                ? setup.bytes(sources)
                : (long) ((double) setup.bytes(sources) * done / setup.messages(sources)),
            wall,
            cpu,
            heap,
            peakRss / 1024,
            equal,
            finished
                ? ""
                : String.format(
                    Locale.ROOT, "not finished after %.0f s: messages done so far", wall));
    return result;
  }

  Result mbsync(BenchSetup setup, String scenario, List<String> emails, int sourcePort)
      throws Exception {
    setup.flushDisk();
    List<Process> processes = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    long t0 = System.nanoTime();
    for (String email : emails) {
      String target = "mbsync-" + setup.mbsyncRuns++ + "-" + email;
      setup.destination.addUser(target, PASSWORD);
      targets.add(target);
      Path dir = Files.createDirectories(setup.dir.resolve("mbsync").resolve(target));
      Files.createDirectories(dir.resolve("state"));
      Path config = dir.resolve("mbsyncrc");
      Files.writeString(
          config,
          mbsyncConfig(
              email, sourcePort, target, setup.destination.imapPort(), dir.resolve("state")),
          StandardCharsets.UTF_8);
      // bash reports its waited-for child's CPU time (cutime, cstime) from /proc/$$/stat
      processes.add(
          new ProcessBuilder(
                  "bash",
                  "-c",
                  "/usr/bin/mbsync -q -c \"$1\" -a > \"$2\" 2>&1; rc=$?; read -r -a s < /proc/$$/stat;"
                      + " echo \"CPU ${s[15]} ${s[16]}\"; exit $rc",
                  "mbsync-bench",
                  config.toString(),
                  dir.resolve("mbsync.log").toString())
              .redirectErrorStream(true)
              .start());
    }
    long peakRss = 0;
    while (processes.stream().anyMatch(Process::isAlive)) {
      long rss = 0;
      for (Process p : processes) {
        rss += p.children().mapToLong(c -> peakRss(c.pid())).sum();
      }
      peakRss = Math.max(peakRss, rss);
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = 0;
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("CPU (\\d+) (\\d+)").matcher(out);
      if (m.find()) {
        cpu += (Long.parseLong(m.group(1)) + Long.parseLong(m.group(2))) / 100.0;
      }
      if (p.exitValue() != 0) {
        log(
            "mbsync for "
                + emails.get(i)
                + " exited "
                + p.exitValue()
                + ": "
                + tail(setup.dir.resolve("mbsync").resolve(targets.get(i)).resolve("mbsync.log")));
      }
    }
    boolean equal = true;
    for (int i = 0; i < emails.size(); i++) {
      equal &= setup.compare(emails.get(i), targets.get(i));
    }
    Result result =
        new Result(
            scenario,
            "mbsync",
            emails.size(),
            setup.messages(emails),
            setup.bytes(emails),
            wall,
            cpu,
            0,
            peakRss / 1024,
            equal,
            equal ? "equal but for the X-TUID header mbsync adds" : "");
    results.add(result);
    log(describe(result));
    return result;
  }

  private static String mbsyncConfig(
      String email, int sourcePort, String target, int targetPort, Path state) {
    return "IMAPAccount far\nHost 127.0.0.1\nPort "
        + sourcePort
        + "\nUser "
        + email
        + "\nPass "
        + PASSWORD
        + "\nSSLType None\nAuthMechs LOGIN\n\n"
        + "IMAPStore far\nAccount far\n\n"
        + "IMAPAccount near\nHost 127.0.0.1\nPort "
        + targetPort
        + "\nUser "
        + target
        + "\nPass "
        + PASSWORD
        + "\nSSLType None\nAuthMechs LOGIN\n\n"
        + "IMAPStore near\nAccount near\n\n"
        + "Channel bench\nFar :far:\nNear :near:\nPatterns *\nCreate Near\nSync Pull\n"
        + "CopyArrivalDate yes\nSyncState "
        + state
        + "/\n";
  }

  void replaceNote(Result result, String note) {
    int i = results.indexOf(result);
    Result replaced =
        new Result(
            result.scenario(),
            result.tool(),
            result.mailboxes(),
            result.messages(),
            result.bytes(),
            result.wallSeconds(),
            result.cpuSeconds(),
            result.peakHeapMb(),
            result.peakRssMb(),
            result.equal(),
            note);
    results.set(i, replaced);
    PhaseReport phase = phases.remove(result);
    if (phase != null) {
      phases.put(replaced, phase);
    }
    if (unfinished.remove(result)) {
      unfinished.add(replaced);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // output

  private static String describe(Result r) {
    return String.format(
        Locale.ROOT,
        "%s %s: %d mailbox(es), %d messages, %.1f MB in %.1f s: %.0f msg/s, %.2f MB/s, CPU %.1f s,"
            + " peak heap %d MB, peak RSS %d MB, equal: %s",
        r.scenario(),
        r.tool(),
        r.mailboxes(),
        r.messages(),
        r.bytes() / (double) MB,
        r.wallSeconds(),
        r.messagesPerSecond(),
        r.mbPerSecond(),
        r.cpuSeconds(),
        r.peakHeapMb(),
        r.peakRssMb(),
        r.equal() ? "yes" : "NO");
  }

  /**
   * The ratio of a Mailferry run's messages/s to mbsync's: the n-th Mailferry run of a scenario
   * against its n-th mbsync run (NaN without one).
   */
  private double ratio(Result mailferry) {
    if (!mailferry.tool().equals("mailferry")) {
      return Double.NaN;
    }
    List<Result> mf =
        results.stream()
            .filter(r -> r.scenario().equals(mailferry.scenario()) && r.tool().equals("mailferry"))
            .toList();
    List<Result> mb =
        results.stream()
            .filter(r -> r.scenario().equals(mailferry.scenario()) && r.tool().equals("mbsync"))
            .toList();
    int n = mf.indexOf(mailferry);
    return n < mb.size()
        ? mailferry.messagesPerSecond() / mb.get(n).messagesPerSecond()
        : Double.NaN;
  }

  /**
   * A Mailferry run's share of the servers' limit measured in the same scenario (NaN without one).
   */
  private double ofLimit(Result r) {
    if (!r.tool().equals("mailferry")) {
      return Double.NaN;
    }
    return results.stream()
        .filter(l -> l.scenario().equals(r.scenario()) && l.tool().equals("limit"))
        .findFirst()
        .map(l -> r.messagesPerSecond() / l.messagesPerSecond())
        .orElse(Double.NaN);
  }

  public String table() {
    StringBuilder t = new StringBuilder();
    t.append("Mailferry's database: ")
        .append(BenchSetup.databaseName())
        .append("; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs.\n\n");
    t.append(
        "| scenario | tool | mailboxes | messages | MB | wall s | msg/s | MB/s | CPU s |"
            + " peak heap MB | peak RSS MB | equal | vs mbsync | of limit | note |\n");
    t.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
            + " ---: | ---: | --- |\n");
    for (Result r : results) {
      double ratio = ratio(r);
      double ofLimit = ofLimit(r);
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %.0f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
              r.scenario(),
              r.tool(),
              r.mailboxes(),
              r.messages(),
              r.bytes() / (double) MB,
              r.wallSeconds(),
              r.messages() > 0 ? String.format(Locale.ROOT, "%.0f", r.messagesPerSecond()) : "–",
              r.messages() > 0 ? String.format(Locale.ROOT, "%.2f", r.mbPerSecond()) : "–",
              r.cpuSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.cpuSeconds()) : "–",
              r.peakHeapMb() > 0 ? Long.toString(r.peakHeapMb()) : "–",
              r.peakRssMb() > 0 ? Long.toString(r.peakRssMb()) : "–",
              unfinished.contains(r) ? "–" : r.equal() ? "yes" : "no",
              Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio),
              Double.isNaN(ofLimit) ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * ofLimit),
              r.note()));
    }
    if (!targets.isEmpty()) {
      t.append("\n| scenario | target (issue 11) | measured | goal | |\n");
      t.append("| --- | --- | ---: | ---: | --- |\n");
      for (Target target : targets) {
        t.append(
            String.format(
                "| %s | %s | %s | %s | %s |\n",
                target.scenario(),
                target.what(),
                target.measured(),
                target.goal(),
                target.metOrNot()));
      }
    }
    if (!phases.isEmpty()) {
      t.append("\nMailferry's phases, seconds (overlapping: the read-ahead reads while the writer")
          .append(
              " appends):\n\n| scenario | note | phases | waiting on |\n| --- | --- | --- | --- |\n");
      for (Result r : results) {
        PhaseReport phase = phases.get(r);
        if (phase != null) {
          String[] parts = phase.toString().split("; waiting on ", 2);
          t.append("| ")
              .append(r.scenario())
              .append(" | ")
              .append(r.note())
              .append(" | ")
              .append(parts[0])
              .append(" | ")
              .append(parts.length > 1 ? parts[1] : "")
              .append(" |\n");
        }
      }
    }
    return t.toString();
  }

  public String json() {
    StringBuilder j = new StringBuilder("{\n  \"finishedAt\": \"" + Instant.now() + "\",\n");
    j.append("  \"cpus\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
    j.append("  \"database\": \"").append(BenchSetup.database()).append("\",\n");
    j.append("  \"results\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      double ratio = ratio(r);
      double ofLimit = ofLimit(r);
      PhaseReport phase = phases.get(r);
      j.append(
          String.format(
              Locale.ROOT,
              "    {\"scenario\": \"%s\", \"tool\": \"%s\", \"mailboxes\": %d, \"messages\": %d,"
                  + " \"bytes\": %d, \"wallSeconds\": %.3f, \"messagesPerSecond\": %.1f,"
                  + " \"mbPerSecond\": %.3f, \"cpuSeconds\": %.2f, \"peakHeapMb\": %d,"
                  + " \"peakRssMb\": %d, \"equal\": %s, \"ratioToMbsync\": %s,"
                  + " \"shareOfLimit\": %s, \"phases\": %s, \"note\": \"%s\"}%s\n",
              r.scenario(),
              r.tool(),
              r.mailboxes(),
              r.messages(),
              r.bytes(),
              r.wallSeconds(),
              r.messagesPerSecond(),
              r.mbPerSecond(),
              r.cpuSeconds(),
              r.peakHeapMb(),
              r.peakRssMb(),
              r.equal(),
              Double.isNaN(ratio) ? "null" : String.format(Locale.ROOT, "%.3f", ratio),
              Double.isNaN(ofLimit) ? "null" : String.format(Locale.ROOT, "%.3f", ofLimit),
              phase == null ? "null" : phase.json(),
              escape(r.note()),
              i + 1 < results.size() ? "," : ""));
    }
    j.append("  ],\n  \"targets\": [\n");
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      j.append(
          String.format(
              Locale.ROOT,
              "    {\"scenario\": \"%s\", \"target\": \"%s\", \"measured\": \"%s\", \"goal\":"
                  + " \"%s\", \"met\": %s}%s\n",
              escape(target.scenario()),
              escape(target.what()),
              escape(target.measured()),
              escape(target.goal()),
              target.met(),
              i + 1 < targets.size() ? "," : ""));
    }
    return j.append("  ]\n}\n").toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  public void report() throws IOException {
    Files.createDirectories(outDir);
    Files.writeString(outDir.resolve("results.json"), json(), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("results.md"), table(), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(table());
    System.out.println("Written to " + outDir.resolve("results.json"));
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static void log(String message) {
    System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + message);
    System.out.flush();
  }
}
