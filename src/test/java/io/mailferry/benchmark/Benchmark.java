package io.mailferry.benchmark;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * Mailferry against mbsync (Debian's isync) on two real Dovecot servers on loopback, with the
 * Debian default {@code mail_fsync = optimized}. Each scenario builds a seeded corpus in the source
 * maildir, migrates it with Mailferry on Payara Micro (through the REST API), then the same corpus
 * with mbsync into a fresh destination user, and checks both copies byte for byte (flags and
 * INTERNALDATE too). Results go to {@code target/benchmark/results.json} and a Markdown table.
 *
 * <p>Run by {@code ./benchmark.sh [scenario...]}; scenarios: smoke, one, parallel, bigfolder,
 * large, largeparallel, latency, resync, signup. System properties: {@code bench.messages}
 * (messages of the one/latency/resync mailbox, default 20000), {@code bench.parallelMessages} (per
 * mailbox, default 6000), {@code bench.bigMessages} (default 100000), {@code bench.mbsync} (false
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
        benchmark.results.stream().allMatch(r -> r.equal() || !r.tool().equals("mailferry"))
            ? 0
            : 1);
  }

  public List<Result> results() {
    return results;
  }

  public void run(String scenario) throws Exception {
    log("=== scenario " + scenario);
    switch (scenario) {
      case "smoke" -> simple("smoke", 1, 500, 1, false, List.of());
      case "one" ->
          simple("one", 1, Integer.getInteger("bench.messages", 20_000), 3, true, List.of());
      case "resync" -> {
        try (Setup setup = new Setup("resync", List.of())) {
          List<String> emails = setup.corpus(1, Integer.getInteger("bench.messages", 20_000), 3);
          mailferry(setup, "resync", emails);
          resync(setup, emails.get(0));
        }
      }
      case "parallel" -> {
        int mailboxes = Math.min(Runtime.getRuntime().availableProcessors() + 1, 6);
        simple(
            "parallel",
            mailboxes,
            Integer.getInteger("bench.parallelMessages", 6_000),
            1,
            false,
            List.of());
      }
      case "bigfolder" -> bigFolder();
      case "large" -> large();
      case "largeparallel" -> largeParallel();
      case "signup" -> signup();
      case "latency" -> latency();
      case "typical" -> typical();
      default ->
          throw new IllegalArgumentException(
              "unknown scenario "
                  + scenario
                  + " (smoke, one, parallel, bigfolder, large, largeparallel, latency, resync, signup)");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // scenarios

  private void simple(
      String name, int mailboxes, int messages, int largeMessages, boolean resync, List<String> jvm)
      throws Exception {
    try (Setup setup = new Setup(name, jvm)) {
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
    try (Setup setup = new Setup("bigfolder", List.of())) {
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
    try (Setup setup = new Setup("large", List.of("-Xmx256m"))) {
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
    }
  }

  /**
   * Six mailboxes with 50 MB messages copying at once under {@code -Xmx512m}. This machine's
   * ceiling is min(CPUs + 1, 6); Payara is told it has six CPUs so that all six run together.
   */
  private void largeParallel() throws Exception {
    try (Setup setup =
        new Setup("largeparallel", List.of("-Xmx512m", "-XX:ActiveProcessorCount=6"))) {
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
    try (Setup setup = new Setup("signup", List.of())) {
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

  private static double secondsToFirstMessage(Setup setup, String email, long t0) throws Exception {
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
    try (Setup setup = new Setup("typical", List.of())) {
      List<String> emails = setup.typicalCorpus(delaysMs.length, messages);
      for (int i = 0; i < delaysMs.length; i++) {
        int delay = delaysMs[i];
        String note = delay == 0 ? "loopback" : "+" + delay + " ms RTT to the source";
        if (delay == 0) {
          setup.registerDomain(setup.source.imapPort());
          replaceNote(mailferry(setup, "typical", List.of(emails.get(i))), note);
          if (withMbsync) {
            replaceNote(
                mbsync(setup, "typical", List.of(emails.get(i)), setup.source.imapPort()), note);
          }
          continue;
        }
        try (DelayProxy proxy = new DelayProxy(setup.source.imapPort(), delay / 2)) {
          setup.registerDomain(proxy.port());
          replaceNote(mailferry(setup, "typical", List.of(emails.get(i))), note);
          if (withMbsync) {
            replaceNote(mbsync(setup, "typical", List.of(emails.get(i)), proxy.port()), note);
          }
        }
      }
    }
  }

  private void latency() throws Exception {
    int messages = Integer.getInteger("bench.latencyMessages", 5_000);
    try (Setup setup = new Setup("latency", List.of())) {
      List<String> emails = setup.corpus(2, messages, 0);
      Result loopback = mailferry(setup, "latency", List.of(emails.get(0)));
      replaceNote(loopback, "loopback");
      try (DelayProxy proxy = new DelayProxy(setup.source.imapPort(), 10)) {
        setup.registerDomain(proxy.port());
        Result delayed = mailferry(setup, "latency", List.of(emails.get(1)));
        String note =
            String.format(
                Locale.ROOT,
                "+20 ms RTT to the source: %.0f %% of loopback",
                100 * delayed.messagesPerSecond() / loopback.messagesPerSecond());
        replaceNote(delayed, note);
        log("latency: " + note);
        if (withMbsync && Boolean.parseBoolean(System.getProperty("bench.latencyMbsync", "true"))) {
          Result mbLoop = mbsync(setup, "latency", List.of(emails.get(0)), setup.source.imapPort());
          replaceNote(mbLoop, "loopback");
          Result mbDelayed = mbsync(setup, "latency", List.of(emails.get(1)), proxy.port());
          replaceNote(
              mbDelayed,
              String.format(
                  Locale.ROOT,
                  "+20 ms RTT to the source: %.0f %% of loopback",
                  100 * mbDelayed.messagesPerSecond() / mbLoop.messagesPerSecond()));
        }
      }
    }
  }

  private void resync(Setup setup, String email) throws Exception {
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

  private Result mailferry(Setup setup, String scenario, List<String> emails) throws Exception {
    return mailferry(setup, scenario, emails, new ArrayList<>());
  }

  private Result mailferry(Setup setup, String scenario, List<String> emails, List<long[]> samples)
      throws Exception {
    long pid = setup.payara.pid();
    resetPeakRss(pid);
    peakRunning = 0;
    long gcFrom = lines(setup.gcLog);
    double cpu0 = cpuSeconds(pid);
    long t0 = System.nanoTime();
    for (String email : emails) {
      ApiClient.Answer answer =
          setup.api.post(
              "api/migrations", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
      if (answer.status() != 202) {
        throw new IllegalStateException("queueing " + email + " answered " + answer.text());
      }
    }
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    long peakRss = 0;
    while (true) {
      long done = 0;
      int completed = 0;
      int running = 0;
      for (String email : emails) {
        JsonObject m = setup.api.get("api/migrations/" + email).object();
        String status = m.getString("status");
        if ("ERROR".equals(status)) {
          throw new IllegalStateException("Mailferry stopped " + email + " in ERROR: " + m);
        }
        completed += "COMPLETED".equals(status) ? 1 : 0;
        running += "RUNNING".equals(status) ? 1 : 0;
        done += m.getJsonNumber("messagesDone").longValue();
      }
      long now = System.nanoTime();
      samples.add(new long[] {now - t0, done});
      peakRss = Math.max(peakRss, peakRss(pid));
      peakRunning = Math.max(peakRunning, running);
      if (completed == emails.size()) {
        break;
      }
      if (now > deadline) {
        throw new IllegalStateException("Mailferry did not finish in 2 h");
      }
      Thread.sleep(500); // a status answer costs Payara CPU: poll gently
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds(pid) - cpu0;
    peakRss = Math.max(peakRss, peakRss(pid));
    long heap = peakHeapMb(setup.gcLog, gcFrom);
    boolean equal = true;
    for (String email : emails) {
      equal &= setup.compare(email, email);
    }
    Result result =
        new Result(
            scenario,
            "mailferry",
            emails.size(),
            setup.messages(emails),
            setup.bytes(emails),
            wall,
            cpu,
            heap,
            peakRss / 1024,
            equal,
            "");
    results.add(result);
    log(describe(result));
    return result;
  }

  private Result mbsync(Setup setup, String scenario, List<String> emails, int sourcePort)
      throws Exception {
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

  // ---------------------------------------------------------------------------------------------
  // one scenario's servers

  private final class Setup implements AutoCloseable {
    final String name;
    final Path dir;
    final DovecotServer source;
    final DovecotServer destination;
    final PayaraMicro payara;
    final ApiClient api;
    final Path gcLog;
    final Map<String, Map<String, List<MessageSnapshot>>> sourceSnapshots = new HashMap<>();
    int mbsyncRuns;

    Setup(String name, List<String> extraJvm) throws Exception {
      this.name = name;
      DovecotServer.installedOrFail();
      // Debian's default fsync behaviour, not the test servers' mail_fsync = never
      this.source =
          DovecotServer.builder("bench-src-" + name)
              .layout(Layout.SLASH_NO_PREFIX)
              .extraConfig("mail_fsync = optimized\n")
              .start();
      this.destination =
          DovecotServer.builder("bench-dst-" + name)
              .layout(Layout.SLASH_NO_PREFIX)
              .extraConfig("mail_fsync = optimized\n")
              .start();
      this.dir = PayaraMicro.runDirectory("bench-" + name);
      Path load = dir.resolve("load");
      Files.writeString(load, "0");
      this.gcLog = dir.resolve("gc.log");
      List<String> jvm = new ArrayList<>(extraJvm);
      jvm.add("-Xlog:gc:file=" + gcLog + ":uptime");
      for (String option : System.getProperty("bench.jvm", "").split("\\s+")) {
        if (!option.isBlank()) {
          jvm.add(option);
        }
      }
      if (jfr) {
        jvm.add(
            "-XX:StartFlightRecording=filename="
                + outDir.resolve(name + ".jfr")
                + ",settings=profile,dumponexit=true");
        Files.createDirectories(outDir);
      }
      Map<String, String> env = new HashMap<>();
      env.put("MAILFERRY_DESTINATION_HOST", "127.0.0.1");
      env.put("MAILFERRY_DESTINATION_PORT", String.valueOf(destination.imapPort()));
      env.put("MAILFERRY_DESTINATION_SECURITY", "none");
      env.put("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true");
      env.put("MAILFERRY_SECRET_KEY", "benchmark-key");
      env.put("MAILFERRY_MIGRATION_LOAD_FILE", load.toString());
      if (System.getProperty("bench.chunk") != null) {
        env.put("MAILFERRY_MIGRATION_CHUNK_MESSAGES", System.getProperty("bench.chunk"));
      }
      log("starting Payara Micro " + jvm);
      this.payara =
          PayaraMicro.start(
              PayaraMicro.builtWar(),
              PayaraMicro.freePort(),
              PayaraMicro.h2PostbootFile(dir),
              env,
              jvm);
      this.api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
      registerDomain(source.imapPort());
    }

    void registerDomain(int port) throws Exception {
      ApiClient.Answer answer =
          api.put(
              "api/domains/" + DOMAIN,
              "{\"host\":\"127.0.0.1\",\"port\":"
                  + port
                  + ",\"security\":\"none\",\"allowPlaintext\":true}");
      if (answer.status() != 200) {
        throw new IllegalStateException("registering the domain answered " + answer.text());
      }
    }

    void addUser(String email) {
      source.addUser(email, PASSWORD);
      destination.addUser(email, PASSWORD);
    }

    /**
     * Mailboxes of {@code messages} each in 20 folders: INBOX 40 %, 19 others 3 % or so each; sizes
     * 2-30 KB (60 %), 30-100 KB (30 %), 100-200 KB (10 %).
     */
    List<String> typicalCorpus(int mailboxes, int messages) throws Exception {
      List<String> emails = new ArrayList<>();
      for (int i = 1; i <= mailboxes; i++) {
        String email = "typical" + i + "@" + DOMAIN;
        addUser(email);
        emails.add(email);
        MaildirCorpus corpus = new MaildirCorpus(source, email, 5000L + i);
        int left = messages;
        for (int f = 0; f < 20; f++) {
          String[] folder =
              f == 0 ? new String[0] : new String[] {"Folder " + (f < 10 ? "0" : "") + f};
          int count = f == 19 ? left : f == 0 ? messages * 40 / 100 : messages * 3 / 100;
          left -= count;
          int small = count * 60 / 100;
          int medium = count * 30 / 100;
          corpus.addSized(small, 2_000, 30_000, folder);
          corpus.addSized(medium, 30_000, 100_000, folder);
          corpus.addSized(count - small - medium, 100_000, 200_000, folder);
        }
      }
      snapshotSources(emails);
      return emails;
    }

    /**
     * Mailboxes of {@code messages} each: INBOX 40 %, Archive 25 %, Projects/2019 15 %, Sent 10 %,
     * Lists/dev 10 %; sizes 2–6 KB (45 %), 6–18 KB (40 %), 17–50 KB (15 %); {@code large} messages
     * of 1–20 MB in Archive.
     */
    List<String> corpus(int mailboxes, int messages, int large) throws Exception {
      long t0 = System.nanoTime();
      List<String> emails = new ArrayList<>();
      for (int i = 1; i <= mailboxes; i++) {
        String email = "user" + i + "@" + DOMAIN;
        addUser(email);
        emails.add(email);
        MaildirCorpus corpus = new MaildirCorpus(source, email, 1000L * i);
        Map<String[], Integer> folders = new LinkedHashMap<>();
        folders.put(new String[0], 40);
        folders.put(new String[] {"Archive"}, 25);
        folders.put(new String[] {"Projects", "2019"}, 15);
        folders.put(new String[] {"Sent"}, 10);
        folders.put(new String[] {"Lists", "dev"}, 10);
        int left = messages;
        int k = 0;
        for (Map.Entry<String[], Integer> folder : folders.entrySet()) {
          int count = ++k == folders.size() ? left : messages * folder.getValue() / 100;
          left -= count;
          int small = count * 45 / 100;
          int medium = count * 40 / 100;
          corpus.addSized(small, 2_000, 6_000, folder.getKey());
          corpus.addSized(medium, 6_000, 18_000, folder.getKey());
          corpus.addSized(count - small - medium, 17_000, 50_000, folder.getKey());
        }
        if (large > 0) {
          corpus.addSized(large, (int) MB, 20 * (int) MB, "Archive");
        }
      }
      log(
          String.format(
              Locale.ROOT,
              "corpus: %d mailbox(es) of %d messages in %.1f s",
              mailboxes,
              messages + large,
              (System.nanoTime() - t0) / 1e9));
      snapshotSources(emails);
      return emails;
    }

    void snapshotSources(List<String> emails) throws Exception {
      long t0 = System.nanoTime();
      for (String email : emails) {
        sourceSnapshots.put(email, snapshot(source, email));
      }
      log(
          String.format(
              Locale.ROOT,
              "source snapshot: %d messages in %.1f s",
              messages(emails),
              (System.nanoTime() - t0) / 1e9));
    }

    long messages(List<String> emails) {
      return emails.stream()
          .flatMap(e -> sourceSnapshots.get(e).values().stream())
          .mapToLong(List::size)
          .sum();
    }

    long bytes(List<String> emails) {
      return emails.stream()
          .flatMap(e -> sourceSnapshots.get(e).values().stream())
          .flatMap(List::stream)
          .mapToLong(MessageSnapshot::size)
          .sum();
    }

    /** The destination user's mailbox equals the source user's: folders, octets, flags, dates. */
    boolean compare(String sourceEmail, String destinationLogin) throws Exception {
      Map<String, List<MessageSnapshot>> expected = sourceSnapshots.get(sourceEmail);
      Map<String, List<MessageSnapshot>> actual = snapshot(destination, destinationLogin);
      if (expected.equals(actual)) {
        return true;
      }
      if (destinationLogin.startsWith("mbsync-") && equalModuloTuid(expected, actual)) {
        return true;
      }
      StringBuilder why = new StringBuilder();
      for (String folder : expected.keySet()) {
        List<MessageSnapshot> a = actual.getOrDefault(folder, List.of());
        List<MessageSnapshot> e = expected.get(folder);
        if (!e.equals(a)) {
          long missing = e.stream().filter(s -> !a.contains(s)).count();
          why.append(
              String.format(
                  Locale.ROOT,
                  " %s: %d expected, %d found, %d not identical;",
                  folder,
                  e.size(),
                  a.size(),
                  missing));
          if (!a.isEmpty() && missing > 0) {
            MessageSnapshot sample = e.stream().filter(s -> !a.contains(s)).findFirst().get();
            why.append(" e.g. ").append(sample).append(" vs ").append(a.get(0)).append(';');
          }
        }
      }
      for (String folder : actual.keySet()) {
        if (!expected.containsKey(folder) && !actual.get(folder).isEmpty()) {
          why.append(" extra folder ").append(folder).append(';');
        }
      }
      log("NOT EQUAL " + sourceEmail + " -> " + destinationLogin + ":" + why);
      return false;
    }

    @Override
    public void close() {
      for (AutoCloseable c : new AutoCloseable[] {payara, source, destination}) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          log("clean-up: " + e);
        }
      }
    }
  }

  /**
   * What {@link ImapMailbox#snapshot} gives (folder to sorted message snapshots), fetched faster:
   * flags and dates in one FETCH per folder, bodies in 1 MB pieces.
   */
  static Map<String, List<MessageSnapshot>> snapshot(DovecotServer server, String login)
      throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "120000");
    props.put("mail.imap.peek", "true");
    props.put("mail.imap.fetchsize", String.valueOf(MB));
    Store store = Session.getInstance(props).getStore("imap");
    store.connect(server.host(), server.imapPort(), login, PASSWORD);
    try {
      Map<String, List<MessageSnapshot>> result = new TreeMap<>();
      char separator = store.getDefaultFolder().getSeparator();
      for (Folder folder : store.getDefaultFolder().list("*")) {
        if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
          continue;
        }
        folder.open(Folder.READ_ONLY);
        List<MessageSnapshot> messages = new ArrayList<>();
        try {
          Message[] all = folder.getMessages();
          FetchProfile profile = new FetchProfile();
          profile.add(FetchProfile.Item.FLAGS);
          profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
          folder.fetch(all, profile);
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          for (Message message : all) {
            CountingDigest out = new CountingDigest(sha);
            ((IMAPMessage) message).writeTo(out);
            TreeSet<String> flags = new TreeSet<>();
            Flags f = message.getFlags();
            if (f.contains(Flags.Flag.SEEN)) flags.add("\\Seen");
            if (f.contains(Flags.Flag.ANSWERED)) flags.add("\\Answered");
            if (f.contains(Flags.Flag.FLAGGED)) flags.add("\\Flagged");
            if (f.contains(Flags.Flag.DRAFT)) flags.add("\\Draft");
            if (f.contains(Flags.Flag.DELETED)) flags.add("\\Deleted");
            flags.addAll(List.of(f.getUserFlags()));
            messages.add(
                new MessageSnapshot(
                    HexFormat.of().formatHex(sha.digest()),
                    out.count,
                    String.join(" ", flags),
                    message.getReceivedDate().toInstant()));
          }
        } finally {
          folder.close(false);
        }
        if (!messages.isEmpty()) {
          messages.sort(null);
          result.put(folder.getFullName().replace(separator, '/'), messages);
        }
      }
      return result;
    } finally {
      store.close();
    }
  }

  private static final class CountingDigest extends OutputStream {
    final MessageDigest digest;
    long count;

    CountingDigest(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void write(int b) {
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      digest.update(b, off, len);
      count += len;
    }
  }

  /**
   * mbsync adds an {@code X-TUID} header (22 octets) to every message it appends: compare it by
   * folder, flags, date and size less that header.
   */
  static boolean equalModuloTuid(
      Map<String, List<MessageSnapshot>> expected, Map<String, List<MessageSnapshot>> actual) {
    if (!expected.keySet().equals(actual.keySet())) {
      return false;
    }
    for (String folder : expected.keySet()) {
      List<String> e = new ArrayList<>();
      List<String> a = new ArrayList<>();
      expected.get(folder).forEach(s -> e.add(s.size() + " " + s.flags() + " " + s.internalDate()));
      actual
          .get(folder)
          .forEach(s -> a.add((s.size() - 22) + " " + s.flags() + " " + s.internalDate()));
      e.sort(null);
      a.sort(null);
      if (!e.equals(a)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // measurements

  /** utime + stime of a process in seconds (clock ticks of 1/100 s). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** VmHWM in KB (0 when the process is gone). */
  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** Resets VmHWM to the current RSS (Linux: 5 into clear_refs), so the peak is the run's own. */
  static void resetPeakRss(long pid) {
    try {
      Files.writeString(Paths.get("/proc/" + pid + "/clear_refs"), "5");
    } catch (IOException e) {
      // not allowed: the peak then includes start-up
    }
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file)) {
      return lines.count();
    }
  }

  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /** The largest heap occupancy before a collection, in MB, from the -Xlog:gc lines after from. */
  static long peakHeapMb(Path gcLog, long from) throws IOException {
    long peak = 0;
    if (!Files.exists(gcLog)) {
      return 0;
    }
    try (var lines = Files.lines(gcLog)) {
      for (String line : (Iterable<String>) lines.skip(from)::iterator) {
        Matcher m = GC.matcher(line);
        if (m.find()) {
          peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
      }
    }
    return peak;
  }

  /** messages/s while the done count went from {@code from} to {@code to} (interpolated). */
  static double windowRate(List<long[]> samples, long from, long to) {
    double start = timeAt(samples, from);
    double end = timeAt(samples, to);
    return end > start ? (to - from) / ((end - start) / 1e9) : 0;
  }

  private static double timeAt(List<long[]> samples, long done) {
    long[] previous = {0, 0};
    for (long[] s : samples) {
      if (s[1] >= done) {
        if (s[1] == previous[1]) {
          return s[0];
        }
        return previous[0]
            + (double) (s[0] - previous[0]) * (done - previous[1]) / (s[1] - previous[1]);
      }
      if (s[1] > previous[1]) {
        previous = s;
      }
    }
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
  }

  private void replaceNote(Result result, String note) {
    int i = results.indexOf(result);
    results.set(
        i,
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
            note));
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

  public String table() {
    StringBuilder t = new StringBuilder();
    t.append(
        "| scenario | tool | mailboxes | messages | MB | wall s | msg/s | MB/s | CPU s |"
            + " peak heap MB | peak RSS MB | equal | vs mbsync | note |\n");
    t.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
            + " ---: | --- |\n");
    for (Result r : results) {
      double ratio = ratio(r);
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %.0f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |\n",
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
              r.equal() ? "yes" : "no",
              Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio),
              r.note()));
    }
    return t.toString();
  }

  public String json() {
    StringBuilder j = new StringBuilder("{\n  \"finishedAt\": \"" + Instant.now() + "\",\n");
    j.append("  \"cpus\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
    j.append("  \"results\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      double ratio = ratio(r);
      j.append(
          String.format(
              Locale.ROOT,
              "    {\"scenario\": \"%s\", \"tool\": \"%s\", \"mailboxes\": %d, \"messages\": %d,"
                  + " \"bytes\": %d, \"wallSeconds\": %.3f, \"messagesPerSecond\": %.1f,"
                  + " \"mbPerSecond\": %.3f, \"cpuSeconds\": %.2f, \"peakHeapMb\": %d,"
                  + " \"peakRssMb\": %d, \"equal\": %s, \"ratioToMbsync\": %s, \"note\": \"%s\"}%s\n",
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
              r.note().replace("\\", "\\\\").replace("\"", "\\\""),
              i + 1 < results.size() ? "," : ""));
    }
    return j.append("  ]\n}\n").toString();
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
