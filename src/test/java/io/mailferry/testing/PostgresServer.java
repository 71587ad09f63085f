package io.mailferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL server for tests: initdb into {@code target/postgres/<random>/}, listening
 * on a free port of 127.0.0.1 only, fsync off. It has a login role {@link #user()} (password {@link
 * #password()}, CREATEDB) that owns the database {@link #database()}.
 *
 * <p>initdb costs seconds, so tests share one server per JVM through {@link #shared()} (closed by a
 * shutdown hook) and keep their data apart with {@link #createDatabase(String)}.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final String USER = "mailferry";
  public static final String DATABASE = "mailferry";
  private static final String SUPERUSER = "postgres";

  /** The system user that runs the server when the tests run as root. */
  private static final String SYSTEM_USER = "postgres";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private static PostgresServer shared;

  private final Path directory;
  private final Path dataDir;
  private final Path logFile;
  private final String password = TestProcesses.randomHex(12);
  private final String superuserPassword = TestProcesses.randomHex(12);
  private final Path bin;
  private int port;
  private Process process;

  /** The JVM's shared server, started on first use and stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared == null || !shared.isRunning()) {
      PostgresServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-shutdown"));
      shared = server;
    }
    return shared;
  }

  /** A new private server; close it when done. Prefer {@link #shared()}. */
  public static PostgresServer start() {
    PostgresServer server = new PostgresServer(installedOrFail());
    try {
      server.initAndStart();
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The bin directory of the PostgreSQL server (15 preferred, else the newest installed).
   *
   * @throws IllegalStateException when the server binaries are missing (never skips)
   */
  public static Path installedOrFail() {
    Path preferred = Path.of("/usr/lib/postgresql/15/bin");
    if (Files.isExecutable(preferred.resolve("initdb"))
        && Files.isExecutable(preferred.resolve("postgres"))) {
      return preferred;
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        List<Path> bins =
            new ArrayList<>(
                versions
                    .map(v -> v.resolve("bin"))
                    .filter(
                        b ->
                            Files.isExecutable(b.resolve("initdb"))
                                && Files.isExecutable(b.resolve("postgres")))
                    .toList());
        bins.sort(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
        if (!bins.isEmpty()) {
          return bins.get(bins.size() - 1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "the PostgreSQL server (initdb, postgres under /usr/lib/postgresql/<version>/bin) is not"
            + " installed: run ./test.sh which installs it");
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private PostgresServer(Path bin) {
    this.bin = bin;
    try {
      Path parent = Files.createDirectories(TestProcesses.buildDirectory().resolve("postgres"));
      this.directory = Files.createDirectory(parent.resolve(TestProcesses.randomHex(4)));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the PostgreSQL directory under target/", e);
    }
    this.dataDir = directory.resolve("data");
    this.logFile = directory.resolve("postgres.log");
  }

  /** Runs a command as the server's system user (root drops to {@value #SYSTEM_USER}). */
  private List<String> asServerUser(String... command) {
    List<String> result = new ArrayList<>();
    if (TestProcesses.isRoot()) {
      // setpriv execs in place (no extra parent like runuser/su), so the Process is the server
      result.addAll(
          List.of(
              "setpriv",
              "--reuid=" + serverUser(),
              "--regid=" + serverUser(),
              "--init-groups",
              "--"));
    }
    result.addAll(List.of(command));
    return result;
  }

  private static String serverUser() {
    if (TestProcesses.ids(SYSTEM_USER) == null) {
      TestProcesses.ensureSystemUser("mailferry-pg");
      return "mailferry-pg";
    }
    return SYSTEM_USER;
  }

  private void initAndStart() {
    Path passwordFile = directory.resolve("superuser-password");
    try {
      Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
      if (TestProcesses.isRoot()) {
        TestProcesses.chown(directory, serverUser(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> initdb =
        asServerUser(
            bin.resolve("initdb").toString(),
            "-D",
            dataDir.toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + passwordFile,
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions");
    TestProcesses.Result result = runIn(directory, initdb);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "initdb failed (exit " + result.exitCode() + "):\n" + result.output());
    }
    try {
      Files.delete(passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      port = TestProcesses.freePort();
      try {
        launch();
        last = null;
        break;
      } catch (IllegalStateException e) {
        last = e;
        if (!e.getMessage().contains("could not bind")
            && !e.getMessage().contains("already in use")) {
          throw e;
        }
      }
    }
    if (last != null) {
      throw last;
    }
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superuserPassword);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + password + "'");
      statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the role and database: " + e.getMessage(), e);
    }
  }

  private static TestProcesses.Result runIn(Path directory, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new TestProcesses.Result(p.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void launch() {
    Path socketDir = directory.resolve("run");
    try {
      Files.createDirectories(socketDir);
      if (TestProcesses.isRoot()) {
        TestProcesses.chown(socketDir, serverUser(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a Unix socket path may not exceed 107 bytes: without room, TCP only
    String sockets = socketDir.toString().length() <= 80 ? socketDir.toString() : "";
    long logOffset = sizeOf(logFile);
    List<String> command =
        asServerUser(
            bin.resolve("postgres").toString(),
            "-D",
            dataDir.toString(),
            "-p",
            Integer.toString(port),
            "-k",
            sockets,
            "-c",
            "listen_addresses=" + HOST,
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=200",
            "-c",
            "shared_buffers=64MB",
            "-c",
            "log_min_messages=warning",
            "-c",
            "log_min_error_statement=panic");
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start postgres", e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "postgres exited with code " + process.exitValue() + ":\n" + logSince(logOffset));
      }
      Properties props = new Properties();
      props.setProperty("user", SUPERUSER);
      props.setProperty("password", superuserPassword);
      props.setProperty("connectTimeout", "2");
      try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), props)) {
        return;
      } catch (SQLException e) {
        lastError = e;
        TestProcesses.sleep(50);
      }
    }
    String message =
        "postgres did not accept connections on "
            + HOST
            + ":"
            + port
            + " within "
            + START_TIMEOUT
            + " ("
            + lastError
            + "):\n"
            + logSince(logOffset);
    stopProcess();
    throw new IllegalStateException(message);
  }

  private String logSince(long offset) {
    try {
      byte[] bytes = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
      int from = (int) Math.min(offset, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + logFile + ")";
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** The login role (owner of {@link #database()}, may create databases). */
  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  public String database() {
    return DATABASE;
  }

  /** JDBC URL of {@link #database()}. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** A libpq connect string (for dovecot-pgsql), as {@link #user()}. */
  public String connectString(String database) {
    return "host="
        + HOST
        + " port="
        + port
        + " dbname="
        + database
        + " user="
        + USER
        + " password="
        + password;
  }

  public DataSource dataSource() {
    return dataSource(DATABASE);
  }

  /** A non-pooling data source for a database, as {@link #user()}. */
  public DataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {HOST});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser(USER);
    ds.setPassword(password);
    return ds;
  }

  /**
   * Creates a database owned by {@link #user()}.
   *
   * @param name lower-case letters, digits and '_', starting with a letter, at most 63
   * @return its JDBC URL
   */
  public String createDatabase(String name) {
    if (name == null || !name.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database name must match [a-z][a-z0-9_]{0,62}: " + name);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /** Creates a database with a fresh unique name starting with {@code prefix}; returns the name. */
  public String createUniqueDatabase(String prefix) {
    String name =
        prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + TestProcesses.randomHex(4);
    createDatabase(name);
    return name;
  }

  public Path directory() {
    return directory;
  }

  public Path logFile() {
    return logFile;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  private synchronized void stopProcess() {
    // SIGINT is PostgreSQL's "fast" shutdown (TERM would wait for clients to disconnect)
    TestProcesses.stopTree(process, "INT", Duration.ofSeconds(10));
  }

  /** Stops the server and deletes its data directory. */
  @Override
  public synchronized void close() {
    stopProcess();
    try {
      TestProcesses.deleteTree(directory);
    } catch (UncheckedIOException e) {
      // leave it for mvn clean
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL on " + HOST + ":" + port;
  }
}
