package io.mailferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.PostgresServer;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Auto-migration end to end: Mailferry on its own Payara Micro with the {@code sql} provisioner
 * writing PostgreSQL's {@code mailserver.users} (as docker/init.sql), a Dovecot source, and a
 * Dovecot destination reading its users from that table through dovecot-pgsql. Users sign up
 * through the public API and page; each test uses its own addresses.
 */
class SignupIT {

  private static final String DOMAIN = "signup.test";
  private static final String ADMIN_PASSWORD = "it-" + UUID.randomUUID();
  private static final int MAX_PER_ACCOUNT = 3;
  private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(3);

  private static Path dir;
  private static PostgresServer postgres;
  private static String mailserverDatabase;
  private static DovecotServer source;
  private static DovecotServer destination;
  private static PayaraMicro payara;
  private static ApiClient admin;
  private static ApiClient anonymous;

  @BeforeAll
  static void startServers() throws Exception {
    dir = PayaraMicro.runDirectory("signup");
    postgres = PostgresServer.shared();
    mailserverDatabase = postgres.createUniqueDatabase("mailserver");
    try (Connection connection = mailserver();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE SCHEMA mailserver");
      sql.execute(
          "CREATE TABLE mailserver.users (userid VARCHAR(128) NOT NULL, domain VARCHAR(253) NOT NULL,"
              + " password VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT"
              + " CURRENT_TIMESTAMP, PRIMARY KEY (userid, domain))");
    }
    source = DovecotServer.builder("signup-source").layout(Layout.DOT_INBOX_PREFIX).start();
    String where = " FROM mailserver.users WHERE userid = '%n' AND domain = '%d'";
    destination =
        DovecotServer.builder("signup-destination")
            .layout(Layout.SLASH_NO_PREFIX)
            .sqlAuth(
                postgres.connectString(mailserverDatabase),
                "SELECT userid || '@' || domain AS user, password" + where,
                "SELECT userid || '@' || domain AS user" + where)
            .start();
    Path load = Files.writeString(dir.resolve("load"), "0");
    Path postboot = PayaraMicro.h2PostbootFile(dir);
    Files.writeString(
        postboot,
        Files.readString(postboot)
            + "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
            + " --restype javax.sql.DataSource MailserverPool\n"
            + "set resources.jdbc-connection-pool.MailserverPool.property.serverName=127.0.0.1\n"
            + "set resources.jdbc-connection-pool.MailserverPool.property.portNumber="
            + postgres.port()
            + "\n"
            + "set resources.jdbc-connection-pool.MailserverPool.property.databaseName="
            + mailserverDatabase
            + "\n"
            + "set resources.jdbc-connection-pool.MailserverPool.property.user="
            + postgres.user()
            + "\n"
            + "set resources.jdbc-connection-pool.MailserverPool.property.password="
            + postgres.password()
            + "\n"
            + "create-jdbc-resource --connectionpoolid MailserverPool jdbc/mailserver\n");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            postboot,
            Map.ofEntries(
                Map.entry("MAILFERRY_ADMIN_USER", "admin"),
                Map.entry("MAILFERRY_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("MAILFERRY_SECRET_KEY", UUID.randomUUID().toString()),
                Map.entry("MAILFERRY_DESTINATION_HOST", "127.0.0.1"),
                Map.entry("MAILFERRY_DESTINATION_PORT", Integer.toString(destination.imapPort())),
                Map.entry("MAILFERRY_DESTINATION_SECURITY", "none"),
                Map.entry("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true"),
                Map.entry("MAILFERRY_PROVISIONER", "sql"),
                Map.entry(
                    "MAILFERRY_PROVISIONER_SQL_INSERT",
                    "INSERT INTO mailserver.users (userid, domain, password) VALUES (?, ?, ?)"),
                Map.entry("MAILFERRY_SIGNUP_MAX_PER_ACCOUNT", Integer.toString(MAX_PER_ACCOUNT)),
                Map.entry("MAILFERRY_SIGNUP_MAX_PER_ADDRESS", "1000"),
                Map.entry("MAILFERRY_MIGRATION_LOAD_FILE", load.toString())),
            List.of(),
            List.of("--addlibs", PayaraMicro.postgresDriver().toString()));
    URI api = URI.create(payara.baseUrl() + "/api/");
    admin = new ApiClient(URI.create(payara.baseUrl() + "/"), "admin", ADMIN_PASSWORD);
    anonymous = new ApiClient(api, null, null);
    ApiClient.Answer domain =
        admin.put(
            "api/domains/" + DOMAIN,
            "{\"host\":\"127.0.0.1\",\"port\":"
                + source.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true,\"autoMigration\":true}");
    assertThat(domain.status()).as(domain.text()).isEqualTo(200);
  }

  @AfterAll
  static void stopServers() {
    if (payara != null) {
      payara.stop();
    }
    for (DovecotServer server : new DovecotServer[] {source, destination}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void signUpCreatesTheDestinationAccountWithTheSamePasswordAndMovesTheMail() throws Exception {
    String email = newSourceUser("erin", "Erin-pw:42", 25);

    ApiClient.Answer answer = signUp(email, "Erin-pw:42");

    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    assertThat(answer.object().getString("email")).isEqualTo(email);
    assertThat(accountRows("erin"))
        .singleElement()
        .satisfies(hash -> assertThat(hash).startsWith("{SHA512-CRYPT}$6$"));
    try (Store store = destination.openStore(email, "Erin-pw:42")) {
      assertThat(store.isConnected()).isTrue();
    }
    admin.awaitStatus(email, "COMPLETED", MIGRATION_TIMEOUT);
    try (Store store = destination.openStore(email, "Erin-pw:42")) {
      assertThat(count(store, "INBOX")).isEqualTo(25);
      assertThat(count(store, "Projects")).isEqualTo(5);
    }
    ApiClient.Answer status = new ApiClient(apiBase(), email, "Erin-pw:42").get("signup/status");
    assertThat(status.status()).as(status.text()).isEqualTo(200);
    assertThat(status.object().getString("status")).isEqualTo("COMPLETED");
    assertThat(status.object().getJsonNumber("messagesDone").longValue()).isEqualTo(30);
  }

  @Test
  void signingUpTwiceKeepsOneAccountAndOneMigration() throws Exception {
    String email = newSourceUser("frank", "frank-pw", 3);

    ApiClient.Answer first = signUp(email, "frank-pw");
    ApiClient.Answer second = signUp("FRANK@" + DOMAIN.toUpperCase(), "frank-pw");

    assertThat(first.status()).as(first.text()).isEqualTo(202);
    assertThat(second.status()).as(second.text()).isEqualTo(202);
    assertThat(second.object().getString("email")).isEqualTo(email);
    assertThat(createdAt(second)).isEqualTo(createdAt(first));
    assertThat(accountRows("frank")).hasSize(1);
    ApiClient.Answer list = admin.get("api/migrations");
    assertThat(list.body().asJsonArray().stream().map(v -> v.asJsonObject().getString("email")))
        .filteredOn(e -> e.equalsIgnoreCase(email))
        .containsExactly(email);
    ApiClient.Answer status =
        new ApiClient(apiBase(), "Frank@Signup.Test", "frank-pw").get("signup/status");
    assertThat(status.status()).as(status.text()).isEqualTo(200);
    assertThat(status.object().getString("email")).isEqualTo(email);
  }

  @Test
  void wrongPasswordIsRefusedAndNothingIsCreated() throws Exception {
    String email = newSourceUser("grace", "grace-pw", 1);

    ApiClient.Answer answer = signUp(email, "not-grace-pw");

    assertThat(answer.status()).as(answer.text()).isEqualTo(401);
    assertThat(answer.object().getString("message"))
        .contains("not accepted by your current mail server");
    assertThat(accountRows("grace")).isEmpty();
    assertThat(admin.get("api/migrations/" + email).status()).isEqualTo(404);
  }

  @Test
  void unknownDomainAndClosedDomainGetTheirOwnAnswers() throws Exception {
    ApiClient.Answer unknown = signUp("henry@nowhere.test", "whatever");
    assertThat(unknown.status()).as(unknown.text()).isEqualTo(404);
    assertThat(unknown.object().getString("message"))
        .contains("nowhere.test")
        .contains("not moved");

    String closed = "closed-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    assertThat(
            admin
                .put(
                    "api/domains/" + closed,
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true,\"autoMigration\":false}")
                .status())
        .isEqualTo(200);
    ApiClient.Answer disabled = signUp("ida@" + closed, "whatever");
    assertThat(disabled.status()).as(disabled.text()).isEqualTo(403);
    assertThat(disabled.object().getString("message")).contains("not open");
  }

  @Test
  void anAccountIsLockedOutAfterTooManyRefusedAttempts() throws Exception {
    String email = newSourceUser("jack", "jack-pw", 1);
    for (int i = 0; i < MAX_PER_ACCOUNT; i++) {
      assertThat(signUp(email, "guess-" + i).status()).isEqualTo(401);
    }

    ApiClient.Answer refused = signUp(email, "jack-pw");

    assertThat(refused.status()).as(refused.text()).isEqualTo(429);
    assertThat(refused.object().getString("message")).contains("Too many attempts");
    assertThat(accountRows("jack")).isEmpty();
    assertThat(new ApiClient(apiBase(), email, "jack-pw").get("signup/status").status())
        .isEqualTo(429);
    assertThat(payara.logTail()).contains("refused for " + email).doesNotContain("guess-0");
  }

  @Test
  void aUserSignsUpOnThePageAndWatchesTheMailboxArrive() throws Exception {
    String email = newSourceUser("kate", "kate-demo", 40);
    WebDriver browser = browser();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get(payara.baseUrl() + "/");
      browser.findElement(By.id("signup")).click();
      wait.until(ExpectedConditions.urlContains("/signup.xhtml"));
      browser.findElement(By.id("signup:email")).sendKeys(email);
      browser.findElement(By.id("signup:password")).sendKeys("kate-demo");
      screenshot(browser, "signup-filled");
      browser.findElement(By.id("signup:submit")).click();

      wait.until(ExpectedConditions.urlContains("/status.xhtml"));
      new WebDriverWait(browser, MIGRATION_TIMEOUT)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("progress:state"), "COMPLETED"));
      assertThat(browser.findElement(By.id("progress:live")).getText())
          .contains("Moving " + email, "Done", "45 of 45");
      screenshot(browser, "status-completed");

      browser.findElement(By.id("bar:signout")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("check:email")))
          .sendKeys(email.toUpperCase());
      browser.findElement(By.id("check:password")).sendKeys("wrong");
      browser.findElement(By.id("check:submit")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("check:messages"), "not accepted"));
      screenshot(browser, "status-check-refused");
      browser.findElement(By.id("check:password")).sendKeys("kate-demo");
      browser.findElement(By.id("check:submit")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("progress:state"), "COMPLETED"));

      // The admin finds the mailbox under another spelling of the address.
      browser.get(payara.baseUrl() + "/login.xhtml");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:user")))
          .sendKeys("admin");
      browser.findElement(By.id("login:password")).sendKeys(ADMIN_PASSWORD);
      browser.findElement(By.id("login:submit")).click();
      wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
      browser.get(payara.baseUrl() + "/admin/migration.xhtml?email=Kate@" + DOMAIN.toUpperCase());
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("detailForm:status"), "COMPLETED"));
      assertThat(browser.findElement(By.id("skipped")).getText()).isEqualTo("0");
      assertThat(browser.findElement(By.cssSelector(".mf-heading h1")).getText()).endsWith(email);
      assertThat(browser.findElement(By.id("detailForm:folders")).getText())
          .contains("INBOX", "Projects");
      screenshot(browser, "admin-migration-detail");
    } finally {
      browser.quit();
    }
  }

  @Test
  void afterAFullMigrationNoLogFileAndNoDatabaseHoldsTheSourcePassword() throws Exception {
    String password = "Pw" + UUID.randomUUID().toString().replace("-", "");
    String email = newSourceUser("lena", password, 30);
    assertThat(signUp(email, password).status()).isEqualTo(202);
    admin.awaitStatus(email, "COMPLETED", MIGRATION_TIMEOUT);
    assertThat(new ApiClient(apiBase(), email, password).get("signup/status").status())
        .isEqualTo(200);
    assertThat(new ApiClient(apiBase(), email, password + "x").get("signup/status").status())
        .isEqualTo(401);

    // every file of this Payara: its logs, its runtime directory, the H2 database of the
    // migrations and the batch job repository (read as bytes: deleted rows count too)
    List<Path> holding = new ArrayList<>();
    List<Path> naming = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.toString().contains("/chromium-"))
              .filter(f -> !f.toString().endsWith(".war") && !f.toString().endsWith(".jar"))
              .toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.contains(password)) {
          holding.add(file);
        }
        if (text.contains(email)) {
          naming.add(file);
        }
      }
    }
    assertThat(naming)
        .as("the files searched do record the migration")
        .anyMatch(f -> f.getFileName().toString().equals("payara.log"))
        .anyMatch(f -> f.getFileName().toString().endsWith(".mv.db"));
    assertThat(holding).as("files holding the source password").isEmpty();
    try (Connection connection = mailserver();
        Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT * FROM mailserver.users")) {
      while (rows.next()) {
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          assertThat(String.valueOf(rows.getObject(column))).doesNotContain(password);
        }
      }
    }
  }

  private static String newSourceUser(String name, String password, int inboxMessages) {
    String email = name + "@" + DOMAIN;
    source.addUser(email, password);
    MaildirCorpus corpus = new MaildirCorpus(source, email, name.hashCode());
    corpus.add(inboxMessages, 3000);
    if (inboxMessages > 20) {
      corpus.add(5, 2000, "Projects");
    }
    return email;
  }

  private static ApiClient.Answer signUp(String email, String password) throws Exception {
    return anonymous.post(
        "signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  /** When the migration was recorded, to the millisecond (the database keeps microseconds). */
  private static Instant createdAt(ApiClient.Answer answer) {
    return Instant.parse(answer.object().getString("createdAt")).truncatedTo(ChronoUnit.MILLIS);
  }

  private static URI apiBase() {
    return URI.create(payara.baseUrl() + "/api/");
  }

  private static Connection mailserver() throws Exception {
    return DriverManager.getConnection(
        postgres.jdbcUrl(mailserverDatabase), postgres.user(), postgres.password());
  }

  /** The password hashes stored for a local part of the test domain. */
  private static List<String> accountRows(String userid) throws Exception {
    List<String> hashes = new ArrayList<>();
    try (Connection connection = mailserver();
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT password FROM mailserver.users WHERE userid = '"
                    + userid
                    + "' AND domain = '"
                    + DOMAIN
                    + "'")) {
      while (rows.next()) {
        hashes.add(rows.getString(1));
      }
    }
    return hashes;
  }

  private static int count(Store store, String folder) throws Exception {
    Folder f = store.getFolder(folder);
    f.open(Folder.READ_ONLY);
    try {
      return f.getMessageCount();
    } finally {
      f.close(false);
    }
  }

  private static WebDriver browser() throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 900);
    ChromeDriver driver = new ChromeDriver(options);
    driver.manage().window().setSize(new Dimension(1400, 900));
    return driver;
  }

  private static void screenshot(WebDriver browser, String name) {
    try {
      Path shots = dir.getParent().getParent().resolve("screenshots").resolve("SignupIT");
      Files.createDirectories(shots);
      Files.write(
          shots.resolve(name + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.err.println("no screenshot " + name + ": " + e);
    }
  }
}
