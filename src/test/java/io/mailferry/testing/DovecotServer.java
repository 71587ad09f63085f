package io.mailferry.testing;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private Dovecot 2.3 for one test: its own configuration, runtime and state directories, log
 * file and maildirs under {@code target/dovecot/<name>-<random>/}, IMAP (and optionally POP3) on
 * free ports of 127.0.0.1, users in a passwd-file (or in PostgreSQL through dovecot-pgsql), and a
 * master user. Start one with {@link #start(String, Layout)} or {@link #builder(String)}; close it
 * when done (try-with-resources or {@code @AfterAll}/{@code @AfterEach}).
 *
 * <p>Mail belongs to the system user {@value #MAIL_USER} (created when missing, as root): Dovecot
 * refuses uid 0 for mail. Plaintext LOGIN is allowed on the plain port.
 *
 * <pre>{@code
 * try (DovecotServer source = DovecotServer.start("source", Layout.DOT_INBOX_PREFIX)) {
 *   source.addUser("alice@example.org", "secret");
 *   Store store = source.openStore("alice@example.org", "secret");
 *   ...
 * }
 * }</pre>
 */
public final class DovecotServer implements AutoCloseable {

  /** The system user that owns every maildir (mail_uid / mail_gid). */
  public static final String MAIL_USER = "mailferry-mail";

  public static final String HOST = "127.0.0.1";
  public static final String DEFAULT_MASTER_USER = "master";
  public static final String DEFAULT_MASTER_PASSWORD = "masterpw";

  /** Joins a user and a master user in a master login: {@code alice@example.org*master}. */
  public static final char MASTER_SEPARATOR = '*';

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final String[] DOVECOT_BINARIES = {"/usr/sbin/dovecot", "/usr/bin/dovecot"};
  private static final Set<DovecotServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(DovecotServer::stopQuietly), "dovecot-servers-shutdown"));
  }

  /** How folders are named and stored. */
  public enum Layout {
    /**
     * Maildir++ ({@code maildir:~/Maildir}), hierarchy separator '.', personal namespace prefix
     * {@code INBOX.}: folders are {@code INBOX.Sent}, {@code INBOX.Projects.2024}, stored as {@code
     * Maildir/.Sent}, {@code Maildir/.Projects.2024} (Courier and old Dovecot style).
     */
    DOT_INBOX_PREFIX('.', "INBOX.", "maildir:~/Maildir"),
    /**
     * {@code maildir:~/Maildir:LAYOUT=fs}, separator '/', empty prefix: folders are {@code Sent},
     * {@code Projects/2024}, stored as directories {@code Maildir/Sent}, {@code
     * Maildir/Projects/2024}; INBOX is the Maildir itself.
     */
    SLASH_NO_PREFIX('/', "", "maildir:~/Maildir:LAYOUT=fs");

    private final char separator;
    private final String prefix;
    private final String mailLocation;

    Layout(char separator, String prefix, String mailLocation) {
      this.separator = separator;
      this.prefix = prefix;
      this.mailLocation = mailLocation;
    }

    /** The hierarchy separator the server announces in LIST and NAMESPACE. */
    public char separator() {
      return separator;
    }

    /** The personal namespace prefix, including its trailing separator when not empty. */
    public String prefix() {
      return prefix;
    }

    public String mailLocation() {
      return mailLocation;
    }

    /** The full IMAP name of a folder given by its levels: ("Projects", "2024"). */
    public String folderName(String... levels) {
      if (levels.length == 1 && levels[0].equalsIgnoreCase("INBOX")) {
        return "INBOX";
      }
      return prefix + String.join(String.valueOf(separator), levels);
    }
  }

  /** Special-use mailboxes defined in the namespace (RFC 6154). */
  public static final Map<String, String> SPECIAL_USE =
      Map.of(
          "Drafts", "\\Drafts",
          "Sent", "\\Sent",
          "Trash", "\\Trash",
          "Junk", "\\Junk",
          "Archive", "\\Archive");

  /** Options of a server before it starts. */
  public static final class Builder {
    private final String name;
    private Layout layout = Layout.SLASH_NO_PREFIX;
    private boolean ssl;
    private boolean pop3;
    private boolean autoCreateSpecialUse;
    private String masterUser = DEFAULT_MASTER_USER;
    private String masterPassword = DEFAULT_MASTER_PASSWORD;
    private SqlAuth sqlAuth;
    private String extraConfig = "";
    private int fixedImapPort;

    private Builder(String name) {
      if (name == null || !name.matches("[A-Za-z0-9_-]{1,40}")) {
        throw new IllegalArgumentException("server name must be 1-40 of [A-Za-z0-9_-]: " + name);
      }
      this.name = name;
    }

    public Builder layout(Layout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** Listens for IMAP on this port instead of a free one (for a server configured in advance). */
    public Builder imapPort(int port) {
      this.fixedImapPort = port;
      return this;
    }

    /**
     * Adds TLS: a fresh self-signed certificate (CN=localhost, SAN DNS:localhost and IP:127.0.0.1),
     * STARTTLS on the IMAP port, implicit TLS on {@link #imapsPort()} (and {@link #pop3sPort()}
     * with POP3). Plaintext LOGIN stays allowed on the plain port.
     */
    public Builder ssl() {
      return ssl(true);
    }

    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    /** Also serves POP3 on {@link #pop3Port()}. */
    public Builder pop3() {
      this.pop3 = true;
      return this;
    }

    /**
     * Creates and subscribes the special-use folders (Drafts, Sent, Trash, Junk, Archive) at first
     * login, like many production destinations. Off by default: they exist only once created, but
     * get their special-use attribute whenever they do.
     */
    public Builder autoCreateSpecialUse() {
      this.autoCreateSpecialUse = true;
      return this;
    }

    public Builder masterUser(String user, String password) {
      this.masterUser = Objects.requireNonNull(user);
      this.masterPassword = Objects.requireNonNull(password);
      return this;
    }

    /**
     * Users come from PostgreSQL (dovecot-pgsql) instead of the passwd-file.
     *
     * @param connectString libpq connect string, e.g. {@code host=127.0.0.1 port=5432 dbname=mail
     *     user=u password=p} (see {@link PostgresServer#connectString(String)})
     * @param passwordQuery e.g. {@code SELECT email AS user, password FROM users WHERE email =
     *     '%u'}; a password without a {SCHEME} prefix is read as {@link
     *     #sqlDefaultPassScheme(String)}
     * @param userQuery e.g. {@code SELECT email AS user FROM users WHERE email = '%u'}; uid, gid
     *     and home may be left out (the server's mail user and home directory apply)
     */
    public Builder sqlAuth(String connectString, String passwordQuery, String userQuery) {
      String scheme = sqlAuth == null ? "SHA512-CRYPT" : sqlAuth.defaultPassScheme();
      this.sqlAuth = new SqlAuth(connectString, passwordQuery, userQuery, scheme);
      return this;
    }

    /** The scheme of stored SQL passwords without a {SCHEME} prefix (default SHA512-CRYPT). */
    public Builder sqlDefaultPassScheme(String scheme) {
      if (sqlAuth == null) {
        throw new IllegalStateException("call sqlAuth(...) first");
      }
      this.sqlAuth =
          new SqlAuth(sqlAuth.connect(), sqlAuth.passwordQuery(), sqlAuth.userQuery(), scheme);
      return this;
    }

    /** Dovecot settings appended verbatim to the generated dovecot.conf. */
    public Builder extraConfig(String settings) {
      this.extraConfig = Objects.requireNonNull(settings);
      return this;
    }

    public DovecotServer start() {
      installedOrFail(pop3, sqlAuth != null);
      DovecotServer server = new DovecotServer(this);
      try {
        server.firstStart();
      } catch (RuntimeException | Error e) {
        try {
          server.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return server;
    }
  }

  private record SqlAuth(
      String connect, String passwordQuery, String userQuery, String defaultPassScheme) {}

  private final Builder options;
  private final Path directory;
  private final Path baseDir;
  private final Path configFile;
  private final Path logFile;
  private final Path outputFile;
  private final Path usersFile;
  private final Path masterUsersFile;
  private final Path mailRoot;
  private final Path certificateFile;
  private final Path keyFile;
  private final String mailUser;
  private final int mailUid;
  private final int mailGid;
  private FileTime usersStamp = FileTime.fromMillis(0);
  private int imapPort;
  private int imapsPort;
  private int pop3Port;
  private int pop3sPort;
  private Process process;

  /** Set once anyone asked for a port: from then on a client may log in at any moment. */
  private volatile boolean portsHandedOut;

  /** Starts a plain (no TLS, IMAP only) server with the given layout. */
  public static DovecotServer start(String name, Layout layout) {
    return builder(name).layout(layout).start();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Fails (never skips) when Dovecot's IMAP server is missing, telling how to install it.
   *
   * @throws IllegalStateException naming the missing package
   */
  public static void installedOrFail() {
    installedOrFail(false, false);
  }

  private static void installedOrFail(boolean pop3, boolean pgsql) {
    if (dovecotBinary() == null || !Files.isExecutable(Path.of("/usr/lib/dovecot/imap"))) {
      throw new IllegalStateException(
          "dovecot-imapd is not installed: run ./test.sh which installs it");
    }
    if (pop3 && !Files.isExecutable(Path.of("/usr/lib/dovecot/pop3"))) {
      throw new IllegalStateException(
          "dovecot-pop3d is not installed: run ./test.sh which installs it");
    }
    if (pgsql
        && !Files.exists(Path.of("/usr/lib/dovecot/modules/auth/libdriver_pgsql.so"))
        && !Files.exists(Path.of("/usr/lib/dovecot/modules/libdriver_pgsql.so"))) {
      throw new IllegalStateException(
          "dovecot-pgsql is not installed: run ./test.sh which installs it");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
      throw new IllegalStateException("openssl is not installed: run ./test.sh which installs it");
    }
  }

  private static String dovecotBinary() {
    for (String candidate : DOVECOT_BINARIES) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  private DovecotServer(Builder options) {
    this.options = options;
    try {
      Path parent = Files.createDirectories(TestProcesses.buildDirectory().resolve("dovecot"));
      this.directory =
          Files.createDirectory(parent.resolve(options.name + "-" + TestProcesses.randomHex(4)));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      // Unix sockets live in base_dir and their paths may not exceed 107 bytes: Dovecot's
      // longest socket name is ~30 characters, so fall back to /tmp under a deep work tree.
      Path run = directory.resolve("run");
      if (run.toString().length() <= 70) {
        this.baseDir = run;
      } else {
        this.baseDir = Files.createTempDirectory("mailferry-dovecot-");
        Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Dovecot directory under target/", e);
    }
    this.configFile = directory.resolve("dovecot.conf");
    this.logFile = directory.resolve("dovecot.log");
    this.outputFile = directory.resolve("dovecot.out");
    this.usersFile = directory.resolve("users");
    this.masterUsersFile = directory.resolve("master-users");
    this.mailRoot = directory.resolve("home");
    this.certificateFile = directory.resolve("cert.pem");
    this.keyFile = directory.resolve("key.pem");
    if (TestProcesses.isRoot()) {
      this.mailUser = MAIL_USER;
      int[] ids = TestProcesses.ensureSystemUser(MAIL_USER);
      this.mailUid = ids[0];
      this.mailGid = ids[1];
    } else {
      this.mailUser = TestProcesses.currentUser();
      int[] ids = TestProcesses.ids(mailUser);
      this.mailUid = ids[0];
      this.mailGid = ids[1];
    }
  }

  private void firstStart() {
    try {
      Files.createDirectories(mailRoot);
      Files.createDirectories(directory.resolve("state"));
      if (TestProcesses.isRoot()) {
        TestProcesses.chown(mailRoot, mailUser, false);
      }
      writeUsers(new LinkedHashMap<>());
      Files.writeString(
          masterUsersFile,
          passwdLine(options.masterUser, options.masterPassword, null) + "\n",
          StandardCharsets.UTF_8);
      readableByAll(masterUsersFile);
      if (options.ssl) {
        generateCertificate();
      }
      if (options.sqlAuth != null) {
        Path sqlConfig = directory.resolve("dovecot-sql.conf.ext");
        Files.writeString(
            sqlConfig,
            "driver = pgsql\n"
                + "connect = "
                + oneLine(options.sqlAuth.connect())
                + "\n"
                + "default_pass_scheme = "
                + oneLine(options.sqlAuth.defaultPassScheme())
                + "\n"
                + "password_query = "
                + oneLine(options.sqlAuth.passwordQuery())
                + "\n"
                + "user_query = "
                + oneLine(options.sqlAuth.userQuery())
                + "\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + directory, e);
    }
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      imapPort = options.fixedImapPort > 0 ? options.fixedImapPort : TestProcesses.freePort();
      imapsPort = options.ssl ? TestProcesses.freePort() : 0;
      pop3Port = options.pop3 ? TestProcesses.freePort() : 0;
      pop3sPort = options.pop3 && options.ssl ? TestProcesses.freePort() : 0;
      writeConfig();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e;
        if (!e.getMessage().contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  private static String oneLine(String value) {
    if (value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException("Dovecot settings are one line: " + value);
    }
    return value;
  }

  private void generateCertificate() {
    TestProcesses.run(
        Duration.ofSeconds(30),
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        keyFile.toString(),
        "-out",
        certificateFile.toString());
  }

  private void writeConfig() {
    boolean root = TestProcesses.isRoot();
    StringBuilder c = new StringBuilder();
    c.append("# Generated by io.mailferry.testing.DovecotServer for test server '")
        .append(options.name)
        .append("'\n");
    c.append("base_dir = ").append(baseDir).append('\n');
    c.append("state_dir = ").append(directory.resolve("state")).append('\n');
    c.append("instance_name = mailferry-").append(directory.getFileName()).append('\n');
    c.append("log_path = ").append(logFile).append('\n');
    c.append("info_log_path = ").append(logFile).append('\n');
    c.append("debug_log_path = ").append(logFile).append('\n');
    c.append("protocols = imap").append(options.pop3 ? " pop3" : "").append('\n');
    c.append("listen = ").append(HOST).append('\n');
    if (options.ssl) {
      c.append("ssl = yes\n");
      c.append("ssl_cert = <").append(certificateFile).append('\n');
      c.append("ssl_key = <").append(keyFile).append('\n');
    } else {
      c.append("ssl = no\n");
    }
    c.append("disable_plaintext_auth = no\n");
    c.append("auth_mechanisms = plain login\n");
    c.append("auth_verbose = yes\n");
    // fast tests: no delay after a failed login, no growing penalty for repeated failures
    c.append("auth_failure_delay = 0\n");
    c.append("auth_master_user_separator = ").append(MASTER_SEPARATOR).append('\n');
    c.append("first_valid_uid = 1\n");
    c.append("first_valid_gid = 1\n");
    if (!root) {
      c.append("default_internal_user = ").append(mailUser).append('\n');
      c.append("default_login_user = ").append(mailUser).append('\n');
    }
    c.append("mail_uid = ").append(mailUid).append('\n');
    c.append("mail_gid = ").append(mailGid).append('\n');
    c.append("mail_home = ").append(mailRoot).append("/%Lu\n");
    c.append("mail_location = ").append(options.layout.mailLocation()).append('\n');
    c.append("mail_plugins =\n");
    c.append("mail_fsync = never\n");
    c.append("mail_max_userip_connections = 100\n");
    c.append('\n');
    c.append("passdb {\n");
    c.append("  driver = passwd-file\n");
    c.append("  args = scheme=PLAIN ").append(masterUsersFile).append('\n');
    c.append("  master = yes\n");
    c.append("  pass = yes\n");
    c.append("}\n");
    if (options.sqlAuth == null) {
      c.append("passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ")
          .append(usersFile)
          .append("\n}\n");
      c.append("userdb {\n  driver = passwd-file\n  args = ").append(usersFile).append("\n}\n");
    } else {
      Path sqlConfig = directory.resolve("dovecot-sql.conf.ext");
      c.append("passdb {\n  driver = sql\n  args = ").append(sqlConfig).append("\n}\n");
      c.append("userdb {\n  driver = sql\n  args = ").append(sqlConfig).append("\n}\n");
    }
    c.append('\n');
    c.append("namespace inbox {\n");
    c.append("  type = private\n");
    c.append("  separator = ").append(options.layout.separator()).append('\n');
    c.append("  prefix = ").append(options.layout.prefix()).append('\n');
    c.append("  inbox = yes\n");
    for (String mailbox : new String[] {"Drafts", "Sent", "Trash", "Junk", "Archive"}) {
      c.append("  mailbox ").append(mailbox).append(" {\n");
      c.append("    special_use = ").append(SPECIAL_USE.get(mailbox)).append('\n');
      c.append("    auto = ")
          .append(options.autoCreateSpecialUse ? "subscribe" : "no")
          .append('\n');
      c.append("  }\n");
    }
    c.append("}\n\n");
    // no per-IP auth penalty (2, 4, 8, 15 s before each login after failures from 127.0.0.1)
    c.append("service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}\n");
    c.append("service imap-login {\n");
    if (!root) {
      c.append("  chroot =\n");
    }
    c.append("  inet_listener imap {\n    port = ").append(imapPort).append("\n  }\n");
    c.append("  inet_listener imaps {\n    port = ").append(imapsPort).append("\n  }\n");
    c.append("}\n");
    if (options.pop3) {
      c.append("service pop3-login {\n");
      if (!root) {
        c.append("  chroot =\n");
      }
      c.append("  inet_listener pop3 {\n    port = ").append(pop3Port).append("\n  }\n");
      c.append("  inet_listener pop3s {\n    port = ").append(pop3sPort).append("\n  }\n");
      c.append("}\n");
    }
    c.append(options.extraConfig).append('\n');
    try {
      Files.writeString(configFile, c.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    }
  }

  private synchronized void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Dovecot " + options.name + " is already running");
    }
    long logOffset = sizeOf(logFile);
    try {
      process =
          new ProcessBuilder(dovecotBinary(), "-F", "-c", configFile.toString())
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start dovecot", e);
    }
    RUNNING.add(this);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        RUNNING.remove(this);
        throw new IllegalStateException(
            failure("exited with code " + process.exitValue(), logOffset));
      }
      if (ready()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String message = failure("did not accept connections within " + START_TIMEOUT, logOffset);
        stopQuietly();
        throw new IllegalStateException(message);
      }
      TestProcesses.sleep(25);
    }
  }

  /** The plain IMAP port greets with "ready" (the auth process is up), the others accept. */
  private boolean ready() {
    if (!greets(imapPort, "* OK ")) {
      return false;
    }
    if (pop3Port != 0 && !greets(pop3Port, "+OK ")) {
      return false;
    }
    for (int port : new int[] {imapsPort, pop3sPort}) {
      if (port != 0) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(HOST, port), 500);
        } catch (IOException e) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean greets(int port, String okPrefix) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      socket.setSoTimeout(2000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      // "* OK Waiting for authentication process to respond.." comes first while auth starts
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(okPrefix) && line.contains("ready")) {
          return true;
        }
        if (!line.startsWith(okPrefix)) {
          return false;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private String failure(String what, long logOffset) {
    return "Dovecot '"
        + options.name
        + "' "
        + what
        + " (config "
        + configFile
        + ")\n"
        + "--- "
        + outputFile
        + " ---\n"
        + TestProcesses.tail(outputFile, 30)
        + "\n"
        + "--- "
        + logFile
        + " (since this start) ---\n"
        + logSince(logOffset);
  }

  private String logSince(long offset) {
    try {
      byte[] bytes = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
      String text =
          new String(
              bytes,
              (int) Math.min(offset, bytes.length),
              (int) Math.max(0, bytes.length - offset),
              StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      int from = Math.max(0, lines.length - 40);
      return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  // ---- users ----

  /**
   * Adds (or replaces) a user in the passwd-file as {@code email:{PLAIN}password:uid:gid::home}
   * ({@code {PLAIN.b64}} when the password holds ':' or non-ASCII). The address is stored in lower
   * case: Dovecot lower-cases logins (auth_username_format = %Lu). Dovecot re-reads the file on the
   * next login; once a port has been handed out, this waits until the wall clock enters the next
   * second (Dovecot stats the file at most once a second), so the very next login sees the change.
   *
   * @return this server
   */
  public DovecotServer addUser(String email, String password) {
    return addUsers(Map.of(email, password));
  }

  /** Adds or replaces several users with one write (and at most one wait). */
  public synchronized DovecotServer addUsers(Map<String, String> passwordsByEmail) {
    requirePasswdFile();
    Map<String, String> lines = readUsers();
    passwordsByEmail.forEach(
        (email, password) -> {
          String user = loginName(email);
          lines.put(
              user, passwdLine(user, Objects.requireNonNull(password, "password"), home(user)));
        });
    writeUsers(lines);
    return this;
  }

  /**
   * As {@link #addUser}, with userdb extra fields for this user alone, e.g. {@code
   * userdb_quota_rule=*:storage=1M}.
   */
  public synchronized DovecotServer addUser(String email, String password, String userdbFields) {
    requirePasswdFile();
    Map<String, String> lines = readUsers();
    String user = loginName(email);
    List<String> fields =
        new ArrayList<>(
            List.of(passwdLine(user, Objects.requireNonNull(password), home(user)).split(":", -1)));
    while (fields.size() < 7) {
      fields.add("");
    }
    fields.add(userdbFields);
    lines.put(user, String.join(":", fields));
    writeUsers(lines);
    return this;
  }

  /** Changes a user's password (same as {@link #addUser}). */
  public DovecotServer setPassword(String email, String password) {
    return addUser(email, password);
  }

  /** Removes a user from the passwd-file (the maildir stays). */
  public synchronized DovecotServer removeUser(String email) {
    requirePasswdFile();
    Map<String, String> lines = readUsers();
    lines.remove(loginName(email));
    writeUsers(lines);
    return this;
  }

  /**
   * The passwd-file ({@code users}) that Dovecot's passdb and userdb read. Lines written by others
   * (a passwd-file provisioner) may leave uid, gid and home empty: mail_uid, mail_gid and mail_home
   * apply. Note Dovecot notices a change only in a later second than its last lookup.
   */
  public Path usersFile() {
    return usersFile;
  }

  private void requirePasswdFile() {
    if (options.sqlAuth != null) {
      throw new IllegalStateException(
          "users of " + options.name + " come from SQL, not the passwd-file");
    }
  }

  private static String loginName(String email) {
    if (email == null || email.isBlank() || email.matches(".*[:\\s*].*")) {
      throw new IllegalArgumentException("not a usable login for a passwd-file: '" + email + "'");
    }
    return email.toLowerCase(Locale.ROOT);
  }

  /** user:{PLAIN}password:uid:gid::home, or {PLAIN.b64} where the password has ':' or controls. */
  private String passwdLine(String user, String password, Path home) {
    boolean plainIsSafe = password.chars().allMatch(ch -> ch >= 0x20 && ch != ':' && ch < 0x7f);
    String stored =
        plainIsSafe
            ? "{PLAIN}" + password
            : "{PLAIN.b64}"
                + Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
    if (home == null) {
      return user + ":" + stored;
    }
    return user + ":" + stored + ":" + mailUid + ":" + mailGid + "::" + home;
  }

  /** The passwd-file's lines by user name, in file order (comments and blank lines dropped). */
  private Map<String, String> readUsers() {
    Map<String, String> lines = new LinkedHashMap<>();
    try {
      if (Files.exists(usersFile)) {
        for (String line : Files.readAllLines(usersFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.startsWith("#") && line.indexOf(':') > 0) {
            lines.put(line.substring(0, line.indexOf(':')), line);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + usersFile, e);
    }
    return lines;
  }

  private void writeUsers(Map<String, String> lines) {
    StringBuilder text = new StringBuilder();
    lines.values().forEach(line -> text.append(line).append('\n'));
    try {
      Path temporary = directory.resolve("users.tmp");
      Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
      readableByAll(temporary);
      // Dovecot notices a changed passwd-file by mtime (seconds) and size: move the mtime on
      FileTime stamp = FileTime.from(Instant.now());
      if (stamp.toMillis() / 1000 <= usersStamp.toMillis() / 1000) {
        stamp = FileTime.fromMillis((usersStamp.toMillis() / 1000 + 1) * 1000);
      }
      Files.setLastModifiedTime(temporary, stamp);
      usersStamp = stamp;
      Files.move(
          temporary,
          usersFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + usersFile, e);
    }
    if (portsHandedOut && isRunning()) {
      // Dovecot's auth process stats a passwd-file at most once per second (its ioloop time):
      // a login earlier in this second would keep the old content until the next one.
      long now = System.currentTimeMillis();
      TestProcesses.sleep(1000 - now % 1000 + 5);
    }
  }

  private static void readableByAll(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  public String masterUser() {
    return options.masterUser;
  }

  public String masterPassword() {
    return options.masterPassword;
  }

  /**
   * The login that opens {@code email}'s mailbox with the master password: {@code email*master}.
   */
  public String masterLogin(String email) {
    return email + MASTER_SEPARATOR + options.masterUser;
  }

  // ---- where ----

  public String name() {
    return options.name;
  }

  public String host() {
    return HOST;
  }

  public int imapPort() {
    portsHandedOut = true;
    return imapPort;
  }

  /** The implicit-TLS IMAP port. @throws IllegalStateException without {@link Builder#ssl()} */
  public int imapsPort() {
    if (!options.ssl) {
      throw new IllegalStateException("Dovecot " + options.name + " was started without ssl()");
    }
    portsHandedOut = true;
    return imapsPort;
  }

  /**
   * @throws IllegalStateException without {@link Builder#pop3()}
   */
  public int pop3Port() {
    if (!options.pop3) {
      throw new IllegalStateException("Dovecot " + options.name + " was started without pop3()");
    }
    portsHandedOut = true;
    return pop3Port;
  }

  /**
   * @throws IllegalStateException without both {@link Builder#pop3()} and {@link Builder#ssl()}
   */
  public int pop3sPort() {
    if (!options.pop3 || !options.ssl) {
      throw new IllegalStateException(
          "Dovecot " + options.name + " was started without pop3() and ssl()");
    }
    portsHandedOut = true;
    return pop3sPort;
  }

  public Layout layout() {
    return options.layout;
  }

  public char separator() {
    return options.layout.separator();
  }

  /** The personal namespace prefix: "INBOX." or "". */
  public String prefix() {
    return options.layout.prefix();
  }

  public boolean ssl() {
    return options.ssl;
  }

  /** target/dovecot/&lt;name&gt;-&lt;random&gt;/ with the config, log, users and maildirs. */
  public Path directory() {
    return directory;
  }

  /** The directory holding every user's home ({@code <maildir()>/<email>/Maildir}). */
  public Path maildir() {
    return mailRoot;
  }

  /** The user's home directory (lower-case address). */
  public Path home(String email) {
    return mailRoot.resolve(email.toLowerCase(Locale.ROOT));
  }

  /** The user's Maildir (INBOX is its cur/new/tmp; folders below it as the layout says). */
  public Path maildir(String email) {
    return home(email).resolve("Maildir");
  }

  public Path logFile() {
    return logFile;
  }

  /** The whole log so far (for assertions and failure messages). */
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path configFile() {
    return configFile;
  }

  // ---- TLS ----

  /** The server certificate as PEM, for "trust this one certificate". */
  public String certificatePem() {
    requireSsl();
    try {
      return Files.readString(certificateFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path certificateFile() {
    requireSsl();
    return certificateFile;
  }

  public X509Certificate certificate() {
    requireSsl();
    try (InputStream in = Files.newInputStream(certificateFile)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + certificateFile, e);
    }
  }

  /** A TLS context that trusts exactly this server's certificate and nothing else. */
  public SSLContext trustingSslContext() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("dovecot-" + options.name, certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store for " + certificateFile, e);
    }
  }

  private void requireSsl() {
    if (!options.ssl) {
      throw new IllegalStateException("Dovecot " + options.name + " was started without ssl()");
    }
  }

  // ---- Angus Mail conveniences ----

  /** Session properties for plain IMAP to this server (10 s timeouts). */
  public Properties imapProperties() {
    Properties props = new Properties();
    props.put("mail.imap.host", HOST);
    props.put("mail.imap.port", Integer.toString(imapPort()));
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "10000");
    return props;
  }

  /**
   * Session properties for implicit TLS ("imaps") to this server, trusting only its certificate and
   * checking that it names the host.
   */
  public Properties imapsProperties() {
    Properties props = new Properties();
    SSLSocketFactory factory = trustingSslContext().getSocketFactory();
    props.put("mail.imaps.host", HOST);
    props.put("mail.imaps.port", Integer.toString(imapsPort()));
    props.put("mail.imaps.connectiontimeout", "10000");
    props.put("mail.imaps.timeout", "10000");
    props.put("mail.imaps.ssl.socketFactory", factory);
    props.put("mail.imaps.ssl.checkserveridentity", "true");
    return props;
  }

  /** A connected plain-IMAP store; close it when done. */
  public Store openStore(String login, String password) throws MessagingException {
    Store store = Session.getInstance(imapProperties()).getStore("imap");
    store.connect(HOST, imapPort(), login, password);
    return store;
  }

  /** A connected implicit-TLS store that trusts only this server's certificate. */
  public Store openImapsStore(String login, String password) throws MessagingException {
    Store store = Session.getInstance(imapsProperties()).getStore("imaps");
    store.connect(HOST, imapsPort(), login, password);
    return store;
  }

  // ---- lifecycle ----

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Shuts Dovecot down cleanly (TERM; ~1 s) and waits until it and all its processes are gone.
   * Dovecot's master leaves IMAP processes with connected clients behind: they get TERM too, and
   * KILL if still there after two seconds.
   */
  public synchronized void stop() {
    TestProcesses.stopTree(process, "TERM", STOP_GRACE);
    RUNNING.remove(this);
  }

  /**
   * Kills Dovecot and all its processes at once (KILL), like a crash or a pulled plug: clients see
   * their connections drop. Mail already appended stays. Returns when all are gone.
   */
  public synchronized void kill() {
    TestProcesses.killTree(process);
    RUNNING.remove(this);
  }

  /** Starts again on the same ports with the same users and mail, after stop() or kill(). */
  public synchronized void start() {
    launch();
  }

  /** stop() and start(): same ports, users and mail. */
  public synchronized void restart() {
    stop();
    launch();
  }

  private void stopQuietly() {
    try {
      kill();
    } catch (RuntimeException e) {
      // best effort at shutdown
    }
  }

  /** Kills the server (fast: its data is not needed any more) and keeps its directory. */
  @Override
  public void close() {
    kill();
    if (!baseDir.startsWith(directory)) {
      TestProcesses.deleteTree(baseDir);
    }
  }

  @Override
  public String toString() {
    return "Dovecot "
        + options.name
        + " on "
        + HOST
        + ":"
        + imapPort
        + " ("
        + options.layout
        + (options.ssl ? ", imaps " + imapsPort : "")
        + ")";
  }
}
