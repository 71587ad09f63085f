package io.mailferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mailferry deployed on a Payara Micro of its own, for browser and end-to-end tests: the WAR is
 * copied into {@code target/payara-micro/<random>/} (a concurrent rebuild cannot pull it away),
 * Payara's runtime directory and log are there too, and HTTP listens on 127.0.0.1 only. Hazelcast
 * and phone-home are always off ({@code --nohazelcast --disablephonehome}): they would reach off
 * the machine.
 *
 * <pre>{@code
 * Path dir = PayaraMicro.runDirectory("admin-pages");
 * try (PayaraMicro payara = PayaraMicro.start(PayaraMicro.builtWar(), PayaraMicro.freePort(),
 *     PayaraMicro.h2PostbootFile(dir), Map.of("MAILFERRY_SECRET_KEY", "x"))) {
 *   driver.get(payara.baseUrl() + "/login.xhtml");
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once the start page answers 200 (or redirects to HTTPS), or fails with
 * the tail of Payara's log. The start-up timeout is {@value #DEFAULT_START_SECONDS} s (a loaded
 * two-core machine was seen to need over 120 s at a load of 18); the system property {@code
 * payara.startTimeoutSeconds} changes it.
 */
public final class PayaraMicro implements AutoCloseable {

  private static final int DEFAULT_START_SECONDS = 300;
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Set<PayaraMicro> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(PayaraMicro::stop), "payara-micro-shutdown"));
  }

  private final Process process;
  private final int port;
  private final Path log;

  private PayaraMicro(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The WAR Maven built (failsafe passes {@code mailferry.war}). */
  public static Path builtWar() {
    return requiredFile("mailferry.war", TestProcesses.buildDirectory().resolve("mailferry.war"));
  }

  /** A port on 127.0.0.1 that was free a moment ago. */
  public static int freePort() {
    return TestProcesses.freePort();
  }

  /** A new, empty directory under {@code target/payara-micro/} for one server's files. */
  public static Path runDirectory(String name) {
    Path dir =
        TestProcesses.buildDirectory()
            .resolve("payara-micro")
            .resolve(name + "-" + TestProcesses.randomHex(4));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /**
   * Writes {@code h2.asadmin} into {@code dir}: Mailferry's pool on an H2 file database in {@code
   * dir/data}, with the batch job repository and the default datasource in it too (as {@code
   * server-config/h2-embedded.asadmin}, with an absolute path).
   */
  public static Path h2PostbootFile(Path dir) {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("data").resolve("mailferry");
    String escaped = url.replace(":", "\\:");
    return write(
        dir.resolve("h2.asadmin"),
        "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource"
            + " --restype javax.sql.DataSource --property url="
            + escaped
            + ":user=mailferry:password=mailferry MailferryPool\n"
            + "create-jdbc-resource --connectionpoolid MailferryPool jdbc/mailferry\n"
            + "set-batch-runtime-configuration --datasourcelookupname jdbc/mailferry\n"
            + "set resources.jdbc-resource.jdbc/__default.pool-name=MailferryPool\n");
  }

  /**
   * Deploys {@code war} at the context root {@code /} on {@code port} of 127.0.0.1 and waits for
   * the start page.
   *
   * @param postbootFile asadmin commands run after boot (see {@link #h2PostbootFile}); HTTP is
   *     bound to 127.0.0.1 by a pre-boot command
   * @param env environment variables for Payara, e.g. {@code MAILFERRY_*} settings; the admin
   *     password is {@link TestAdmin#PASSWORD} unless given
   * @throws IllegalStateException when Payara exits or the start page does not answer in time, with
   *     the tail of its log
   */
  public static PayaraMicro start(Path war, int port, Path postbootFile, Map<String, String> env) {
    return start(war, port, postbootFile, env, List.of());
  }

  /**
   * As {@link #start(Path, int, Path, Map)}, with extra options for Payara's JVM (e.g. {@code
   * -Xmx256m}, {@code -Xlog:gc:file=...}); without an {@code -Xmx} option the heap is 512 MB, and
   * without a {@code -XX:TieredStopAtLevel} option only the C1 compiler runs, as in run.sh.
   */
  public static PayaraMicro start(
      Path war, int port, Path postbootFile, Map<String, String> env, List<String> jvmOptions) {
    return start(war, port, postbootFile, env, jvmOptions, List.of());
  }

  /**
   * As {@link #start(Path, int, Path, Map, List)}, with more Payara Micro arguments, e.g. {@code
   * --addlibs} {@link #postgresDriver()} for a PostgreSQL pool in the post-boot file.
   */
  public static PayaraMicro start(
      Path war,
      int port,
      Path postbootFile,
      Map<String, String> env,
      List<String> jvmOptions,
      List<String> payaraArgs) {
    Path dir = postbootFile.toAbsolutePath().getParent().resolve("payara-" + port);
    Path log = dir.resolve("payara.log");
    Process process;
    try {
      Files.createDirectories(dir);
      Path deployed = Files.copy(war, dir.resolve("mailferry.war"));
      Path postboot =
          write(
              dir.resolve("postboot.asadmin"),
              Files.readString(postbootFile, StandardCharsets.UTF_8));
      // Pre-boot: changing the listener address post-boot restarts it in a race with the
      // deployment and can leave HTTP unserved (as server-config/loopback.asadmin explains).
      Path preboot =
          write(
              dir.resolve("preboot.asadmin"),
              "set configs.config.server-config.network-config.network-listeners"
                  + ".network-listener.http-listener.address=127.0.0.1\n");
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
        command.add("-Xmx512m");
      }
      // as run.sh and the Docker image (README, "JVM options")
      if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))) {
        command.add("-XX:TieredStopAtLevel=1");
      }
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(microJar().toString());
      command.addAll(
          List.of(
              "--nohazelcast",
              "--disablephonehome",
              "--deploy",
              deployed.toString(),
              "--contextroot",
              "/",
              "--port",
              Integer.toString(port),
              "--rootdir",
              dir.resolve("runtime").toString(),
              "--prebootcommandfile",
              preboot.toString(),
              "--postbootcommandfile",
              postboot.toString()));
      command.addAll(payaraArgs);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> environment = new HashMap<>(env);
      environment.putIfAbsent("MAILFERRY_HTTP_ADDRESS", "127.0.0.1");
      environment.putIfAbsent("MAILFERRY_ADMIN_PASSWORD", TestAdmin.PASSWORD);
      builder.environment().putAll(environment);
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Payara Micro in " + dir, e);
    }
    PayaraMicro payara = new PayaraMicro(process, port, log);
    RUNNING.add(payara);
    try {
      payara.awaitStartPage();
    } catch (RuntimeException e) {
      payara.stop();
      throw e;
    }
    return payara;
  }

  /** The process id of Payara's JVM (for CPU and memory figures from {@code /proc}). */
  public long pid() {
    return process.pid();
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Stops Payara and whatever it started, then deletes its runtime directory and WAR copy (over 100
   * MB); the log and the database stay for a look after a failure. Safe to call twice.
   *
   * @return whether Payara exited by itself on SIGTERM, without being killed after the grace
   */
  public boolean stop() {
    RUNNING.remove(this);
    boolean exited = TestProcesses.stopTree(process, "TERM", STOP_GRACE);
    try {
      TestProcesses.deleteTree(log.getParent().resolve("runtime"));
      Files.deleteIfExists(log.getParent().resolve("mailferry.war"));
    } catch (IOException | UncheckedIOException e) {
      System.err.println("cannot clean up after Payara Micro: " + e);
    }
    return exited;
  }

  /**
   * Kills Payara at once (SIGKILL, like a power cut), keeping its database so a new start on the
   * same post-boot file finds the data as the crash left it.
   */
  public void kill() {
    RUNNING.remove(this);
    TestProcesses.killTree(process);
    try {
      TestProcesses.deleteTree(log.getParent().resolve("runtime"));
      Files.deleteIfExists(log.getParent().resolve("mailferry.war"));
      Files.move(
          log,
          log.resolveSibling("payara-killed-" + System.nanoTime() + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("cannot clean up after Payara Micro: " + e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Payara's log (its console output). */
  public Path logFile() {
    return log;
  }

  /** The last 80 lines of Payara's log, for failure messages. */
  public String logTail() {
    return TestProcesses.tail(log, 80);
  }

  private void awaitStartPage() {
    Duration timeout =
        Duration.ofSeconds(Long.getLong("payara.startTimeoutSeconds", DEFAULT_START_SECONDS));
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/")).timeout(Duration.ofSeconds(10)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Payara Micro exited with code " + process.exitValue() + ":\n" + logTail());
      }
      if (TestProcesses.tail(log, 200).contains("Exception while loading the app")) {
        throw new IllegalStateException("Mailferry did not deploy:\n" + logTail());
      }
      try {
        // 404 or 500 while the application is still initialising; 200 once it serves pages, or
        // a redirect to HTTPS when it requires HTTPS (mailferry.http.require-https)
        HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200
            || answer.statusCode() == 301
                && answer.headers().firstValue("Location").orElse("").startsWith("https://")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Payara Micro", e);
      }
      TestProcesses.sleep(500);
    }
    throw new IllegalStateException(
        "Payara Micro did not serve " + baseUrl() + "/ within " + timeout + ":\n" + logTail());
  }

  /** The PostgreSQL JDBC driver Maven copies next to the Payara Micro jar (for --addlibs). */
  public static Path postgresDriver() {
    Path dir = microJar().getParent();
    try (var files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("postgresql-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no postgresql-*.jar in " + dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path microJar() {
    return requiredFile("payara.microJar", null);
  }

  private static Path requiredFile(String property, Path fallback) {
    String value = System.getProperty(property);
    Path file = value != null ? Paths.get(value) : fallback;
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "system property "
              + property
              + " must name an existing file (failsafe sets it; run `mvn verify`), was "
              + file);
    }
    return file.toAbsolutePath();
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
