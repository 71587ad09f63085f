package io.mailferry.benchmark;

import static io.mailferry.benchmark.Benchmark.DOMAIN;
import static io.mailferry.benchmark.Benchmark.MB;
import static io.mailferry.benchmark.Benchmark.PASSWORD;
import static io.mailferry.benchmark.Benchmark.log;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.PostgresServer;
import io.mailferry.testing.TestAdmin;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * One scenario's servers: a source and a destination Dovecot on loopback (Debian's default {@code
 * mail_fsync = optimized}), Mailferry on Payara Micro with its database, and the source mailboxes'
 * snapshots to compare every copy with.
 */
final class BenchSetup implements AutoCloseable {
  final String name;
  final Path dir;
  final DovecotServer source;
  final DovecotServer destination;
  final PayaraMicro payara;
  final ApiClient api;
  final Path gcLog;
  final Path loadFile;
  final PostgresServer postgres;
  private Thread loadRelay;
  final Map<String, Map<String, List<MessageSnapshot>>> sourceSnapshots = new HashMap<>();
  int mbsyncRuns;

  /** Whether Payara has copied a mailbox yet (the first copy runs on an unwarmed JVM). */
  boolean warmedUp;

  BenchSetup(String name, List<String> extraJvm, Path outDir, boolean jfr) throws Exception {
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
    this.loadFile = dir.resolve("load");
    Files.writeString(loadFile, "0");
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
    // the gate reads this file instead of the system load: "0" holds it open (see gateAtDefault)
    env.put("MAILFERRY_MIGRATION_LOAD_FILE", loadFile.toString());
    if (System.getProperty("bench.chunk") != null) {
      env.put("MAILFERRY_MIGRATION_CHUNK_MESSAGES", System.getProperty("bench.chunk"));
    }
    Path postboot;
    List<String> payaraArgs = new ArrayList<>();
    if (database().equals("postgres")) {
      this.postgres = PostgresServer.start();
      postboot =
          Files.copy(
              projectDirectory().resolve("server-config/postgresql.asadmin"),
              dir.resolve("postgresql.asadmin"));
      env.put("MAILFERRY_DB_HOST", postgres.host());
      env.put("MAILFERRY_DB_PORT", Integer.toString(postgres.port()));
      env.put("MAILFERRY_DB_NAME", postgres.database());
      env.put("MAILFERRY_DB_USER", postgres.user());
      env.put("MAILFERRY_DB_PASSWORD", postgres.password());
      payaraArgs.addAll(List.of("--addlibs", PayaraMicro.postgresDriver().toString()));
    } else {
      this.postgres = null;
      postboot = PayaraMicro.h2PostbootFile(dir);
    }
    log("starting Payara Micro on " + databaseName() + " " + jvm);
    this.payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(), PayaraMicro.freePort(), postboot, env, jvm, payaraArgs);
    this.api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    registerDomain(source.imapPort());
  }

  /** {@code h2} (the default, an embedded file database) or {@code postgres}. */
  static String database() {
    String database = System.getProperty("bench.database", "h2").toLowerCase(Locale.ROOT);
    if (!database.equals("h2") && !database.equals("postgres")) {
      throw new IllegalArgumentException("bench.database is h2 or postgres, not " + database);
    }
    return database;
  }

  /** The database Mailferry runs on, as the results say it. */
  static String databaseName() {
    return database().equals("postgres") ? "PostgreSQL" : "H2 (embedded)";
  }

  private static Path projectDirectory() {
    return Path.of(System.getProperty("project.build.directory", "target"))
        .toAbsolutePath()
        .getParent();
  }

  /**
   * The load gate at its defaults (threshold 70 %, reopening 10 % below) on this machine's load:
   * the load file then relays, every second, the 1-minute load average divided by the CPUs, which
   * is what the gate reads without a file. {@code false} holds it open again.
   */
  synchronized void gateAtDefault(boolean atDefault) throws Exception {
    if (loadRelay != null) {
      loadRelay.interrupt();
      loadRelay.join();
      loadRelay = null;
    }
    if (!atDefault) {
      Files.writeString(loadFile, "0");
      return;
    }
    loadRelay =
        new Thread(
            () -> {
              var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
              while (!Thread.currentThread().isInterrupted()) {
                double ratio =
                    os.getSystemLoadAverage() / Runtime.getRuntime().availableProcessors();
                try {
                  Files.writeString(loadFile, String.format(Locale.ROOT, "%.3f", ratio));
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (java.io.IOException e) {
                  log("load relay: " + e);
                  return;
                }
              }
            },
            "bench-load-relay");
    loadRelay.setDaemon(true);
    loadRelay.start();
  }

  /** Deletes a destination user's copy once compared: a realistic mailbox takes a GB. */
  void discard(String destinationLogin) {
    deleteTree(destination.maildir(destinationLogin));
  }

  /**
   * Writes out what the copy before left in the page cache, so that its writeback does not slow the
   * destination's fsyncs during the next measured copy, whichever tool makes it.
   */
  void flushDisk() throws Exception {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  /**
   * Deletes every copy on the destination. On a file system mounted with {@code discard} (as this
   * machine's ext4 is), a copy written just after another was deleted is slower (the freed blocks
   * are trimmed meanwhile): runs to be compared are kept until each is done, then deleted here.
   */
  void discardAll() throws java.io.IOException {
    try (var homes = Files.list(destination.maildir())) {
      for (Path home : homes.toList()) {
        if (Files.isDirectory(home.resolve("Maildir"))) { // not deleted yet
          discard(home.getFileName().toString());
        }
      }
    }
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
    return typicalCorpus("typical", mailboxes, messages);
  }

  /** As {@link #typicalCorpus(int, int)}, the addresses starting with {@code prefix}. */
  List<String> typicalCorpus(String prefix, int mailboxes, int messages) throws Exception {
    List<String> emails = new ArrayList<>();
    for (int i = 1; i <= mailboxes; i++) {
      String email = prefix + i + "@" + DOMAIN;
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

  /** The realistic mailbox ({@link RealisticCorpus}) of {@code messages}; its address. */
  String realisticCorpus(int messages) throws Exception {
    return realisticCorpus("realistic@" + DOMAIN, messages, 11);
  }

  /** A realistic mailbox of {@code messages} on the source, its shape drawn from {@code seed}. */
  String realisticCorpus(String email, int messages, long seed) throws Exception {
    long t0 = System.nanoTime();
    source.addUser(email, PASSWORD);
    RealisticCorpus.write(source, email, messages, seed);
    log(
        String.format(
            Locale.ROOT,
            "realistic corpus %s: %d messages in %d folders in %.1f s",
            email,
            messages,
            RealisticCorpus.folders(),
            (System.nanoTime() - t0) / 1e9));
    snapshotSources(List.of(email));
    return email;
  }

  /**
   * Mailboxes of {@code messages} each: INBOX 40 %, Archive 25 %, Projects/2019 15 %, Sent 10 %,
   * Lists/dev 10 %; sizes 2–6 KB (45 %), 6–18 KB (40 %), 17–50 KB (15 %); {@code large} messages of
   * 1–20 MB in Archive.
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
    if (loadRelay != null) {
      loadRelay.interrupt();
    }
    for (AutoCloseable c : new AutoCloseable[] {payara, postgres, source, destination}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        log("clean-up: " + e);
      }
    }
    // the mail is gigabytes per run; the servers' configs and logs stay for a look afterwards
    for (DovecotServer server : new DovecotServer[] {source, destination}) {
      if (server != null) {
        deleteTree(server.maildir());
      }
    }
  }

  private static void deleteTree(Path root) {
    try (var files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (java.io.IOException | RuntimeException e) {
      log("could not delete " + root + ": " + e);
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
}
