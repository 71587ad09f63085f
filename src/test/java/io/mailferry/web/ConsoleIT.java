package io.mailferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in headless Chromium against Mailferry on its own Payara Micro, a Dovecot
 * source and a Dovecot destination whose accounts the passwd-file provisioner creates: the job
 * history (stop and restart), the mailbox list and its actions. Each test uses its own mailboxes;
 * the load gate (a file) is set by each test that needs it. Screenshots in {@code
 * target/screenshots/ConsoleIT/}.
 */
class ConsoleIT {

  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "it-" + UUID.randomUUID();
  private static final String DOMAIN = "console.test";
  private static io.mailferry.benchmark.DelayProxy slowSource;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Path dir;
  private static Path load;
  private static DovecotServer source;
  private static DovecotServer destination;
  private static PayaraMicro payara;
  private static ApiClient api;

  private WebDriver browser;
  private WebDriverWait wait;
  private Path profile;
  private Path downloads;

  @BeforeAll
  static void start() throws Exception {
    source = DovecotServer.builder("console-src").layout(Layout.DOT_INBOX_PREFIX).ssl().start();
    destination = DovecotServer.builder("console-dst").layout(Layout.SLASH_NO_PREFIX).start();
    dir = PayaraMicro.runDirectory("console");
    load = Files.writeString(dir.resolve("load"), "0");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            PayaraMicro.h2PostbootFile(dir),
            Map.ofEntries(
                Map.entry("MAILFERRY_ADMIN_USER", ADMIN),
                Map.entry("MAILFERRY_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("MAILFERRY_SECRET_KEY", UUID.randomUUID().toString()),
                Map.entry("MAILFERRY_DESTINATION_HOST", "127.0.0.1"),
                Map.entry("MAILFERRY_DESTINATION_PORT", String.valueOf(destination.imapPort())),
                Map.entry("MAILFERRY_DESTINATION_SECURITY", "none"),
                Map.entry("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true"),
                Map.entry("MAILFERRY_PROVISIONER", "passwd-file"),
                Map.entry(
                    "MAILFERRY_PROVISIONER_PASSWD_FILE_PATH", destination.usersFile().toString()),
                Map.entry("MAILFERRY_MIGRATION_LOAD_FILE", load.toString()),
                Map.entry("MAILFERRY_MIGRATION_LOAD_SAMPLE_SECONDS", "1"),
                Map.entry("MAILFERRY_MIGRATION_CHUNK_MESSAGES", "20"),
                Map.entry("MAILFERRY_METRICS_SAMPLE_SECONDS", "1")));
    api = new ApiClient(URI.create(payara.baseUrl() + "/"), ADMIN, ADMIN_PASSWORD);
    ApiClient.Answer domain =
        api.put(
            "api/domains/" + DOMAIN,
            "{\"host\":\"127.0.0.1\",\"port\":"
                + source.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true}");
    assertThat(domain.status()).as(domain.text()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (slowSource != null) {
      slowSource.close();
    }
    if (payara != null) {
      payara.stop();
    }
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 900);
    downloads = Files.createDirectories(profile.resolve("downloads"));
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 900));
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws IOException {
    Files.writeString(load, "0");
    if (browser == null) {
      return;
    }
    try {
      screenshot(test.getTestMethod().orElseThrow().getName());
    } finally {
      browser.quit();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void anExecutionStoppedAndRestartedFromTheHistoryEndsCompleteWithoutDuplicates()
      throws Exception {
    // A source 80 ms away keeps the execution copying long enough to be stopped from the page
    // (a mailbox waiting for load gives its execution back, so it cannot be held that way).
    slowSource = new io.mailferry.benchmark.DelayProxy(source.imapPort(), 40);
    String slowDomain = "slow-" + DOMAIN;
    assertThat(
            api.put(
                    "api/domains/" + slowDomain,
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + slowSource.port()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    String email = "stop-" + UUID.randomUUID().toString().substring(0, 6) + "@" + slowDomain;
    source.addUser(email, "pw-stop");
    new MaildirCorpus(source, email, 7).add(3000, 1_500);
    new MaildirCorpus(source, email, 8).add(200, 2_000, "Archive");

    queue(email, "pw-stop");
    JsonObject copying =
        api.awaitMigration(
            email, m -> m.getJsonNumber("messagesDone").longValue() >= 100, Duration.ofMinutes(2));
    long execution = copying.getJsonNumber("jobExecutionId").longValue();

    logIn();
    browser.get(payara.baseUrl() + "/admin/jobs.xhtml");
    By row = By.xpath("//tr[.//span[@id='execution-" + execution + "']]");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(browser.findElement(row).getText()).contains("STARTED", email);
    browser.findElement(row).findElement(By.cssSelector("button[id$=':stop']")).click();
    confirm("jobsForm");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Job execution " + execution + " is stopping"));

    JsonObject stopped = api.awaitStatus(email, "ERROR", WAIT);
    assertThat(stopped.getString("statusMessage"))
        .contains("Stopped with job execution " + execution);
    assertThat(stopped.getJsonNumber("messagesDone").longValue())
        .as("stopped before the end")
        .isLessThan(3200);
    Files.writeString(load, "0");
    awaitJob(execution, j -> !j.getString("batchStatus").matches("STARTING|STARTED|STOPPING"));
    browser.get(payara.baseUrl() + "/admin/migration.xhtml?email=" + email);
    String toolLink =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("imapTool")))
            .getAttribute("href");
    assertThat(toolLink).contains("/admin/imap-tool.xhtml?email=stop-");
    browser.get(toolLink);
    assertThat(
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolForm:email")))
                .getAttribute("value"))
        .as("the tool opened from a stopped mailbox has it filled in")
        .isEqualTo(email);

    browser.get(payara.baseUrl() + "/admin/jobs.xhtml");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(browser.findElement(row).getText()).containsAnyOf("STOPPED", "FAILED");
    browser.findElement(row).findElement(By.cssSelector("button[id$=':restart']")).click();
    confirm("jobsForm");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Job execution " + execution + " was restarted as execution"));

    JsonObject done = api.awaitStatus(email, "COMPLETED", Duration.ofMinutes(3));
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(3200);
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, "pw-stop");
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, "pw-stop")) {
      assertThat(to.messages("INBOX"))
          .as("every INBOX message exactly once")
          .containsExactlyElementsOf(from.messages("INBOX"));
      assertThat(to.messages("Archive")).containsExactlyElementsOf(from.messages("INBOX.Archive"));
    }

    browser.get(payara.baseUrl() + "/admin/jobs.xhtml");
    By restartedRow = By.xpath("//tr[.//td[contains(., 'restart of " + execution + "')]]");
    wait.until(ExpectedConditions.presenceOfElementLocated(restartedRow));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(restartedRow, "COMPLETED"));
    browser.findElement(restartedRow).findElement(By.cssSelector(".ui-row-toggler")).click();
    By expansion = By.cssSelector("tr.ui-expanded-row-content");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(expansion, "copy-mailboxes"));
    String details = browser.findElement(expansion).getText();
    assertThat(details)
        .contains("Execution " + execution, "Partitions", email, "3200 / 3200")
        .doesNotContain("Exception");
    screenshot("jobHistoryWithMetrics");
    ApiClient.Answer detail = api.get("api/jobs/" + execution);
    assertThat(detail.status()).as(detail.text()).isEqualTo(200);
    JsonObject step = detail.object().getJsonArray("steps").getJsonObject(0);
    assertThat(step.getJsonNumber("readCount").longValue()).isPositive();
    assertThat(step.getJsonNumber("commitCount").longValue()).isPositive();
    assertThat(detail.object().getJsonArray("partitions").getJsonObject(0).getString("email"))
        .isEqualTo(email);
    assertPartitionMetricsAddUpToTheStep(execution);
    long restart =
        api.get("api/jobs?mailbox=" + email).body().asJsonArray().stream()
            .mapToLong(j -> j.asJsonObject().getJsonNumber("executionId").longValue())
            .max()
            .orElseThrow();
    assertThat(restart).isGreaterThan(execution);
    // the runtime's step counts of a restart go on from the execution it restarted
    assertPartitionMetricsAddUpToTheStep(restart, execution);
    By restartBlock =
        By.xpath(
            "//div[contains(@class,'mf-expansion')][.//strong[text()='Execution "
                + restart
                + "']]");
    String partitionRow =
        browser
            .findElement(restartBlock)
            .findElement(By.cssSelector(".mf-partition-metrics tbody tr"))
            .getText();
    JsonObject restartCounts =
        api.get("api/jobs/" + restart)
            .object()
            .getJsonArray("partitions")
            .getJsonObject(0)
            .getJsonObject("metrics");
    assertThat(partitionRow)
        .as("the restart's partition by address with its counts")
        .startsWith(email)
        .contains(
            restartCounts.getJsonNumber("read").toString()
                + " "
                + restartCounts.getJsonNumber("write")
                + " "
                + restartCounts.getJsonNumber("commit"))
        .doesNotContain("migrationId");

    browser.get(payara.baseUrl() + "/status.xhtml");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("check:email"))).sendKeys(email);
    browser.findElement(By.id("check:password")).sendKeys("pw-stop");
    browser.findElement(By.id("check:submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("progress:state"), "COMPLETED"));
    Object overflowing =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const card = document.querySelector('#progress"
                    + " .ui-panel').getBoundingClientRect(); return"
                    + " [...document.querySelectorAll('.mf-facts dd')].filter(dd => dd.scrollWidth"
                    + " > dd.clientWidth + 1 || dd.getBoundingClientRect().right > card.right ||"
                    + " [...document.querySelectorAll('.mf-facts dd')].some(o => o !== dd &&"
                    + " overlaps(o.getBoundingClientRect(), dd.getBoundingClientRect()))).map(dd =>"
                    + " dd.textContent).join(' | '); function overlaps(a, b) { return a.left <"
                    + " b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }");
    assertThat(String.valueOf(overflowing))
        .as("dates that overflow or overlap at 1400 px")
        .isEmpty();
    screenshot("statusPageAt1400");
  }

  @Test
  void theMailboxListPagesFiltersPausesResumesCancelsDeletesAndResyncsMany() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String[] emails = new String[4];
    for (int i = 0; i < emails.length; i++) {
      emails[i] = "list" + i + "-" + tag + "@" + DOMAIN;
      source.addUser(emails[i], "pw-" + i);
      new MaildirCorpus(source, emails[i], 20 + i).add(30, 1_000);
    }
    Files.writeString(load, "1");
    for (int i = 0; i < emails.length; i++) {
      queue(emails[i], "pw-" + i);
    }

    logIn();
    browser.get(payara.baseUrl() + "/admin/migrations.xhtml");
    WebElement filter = browser.findElement(By.id("migrationsForm:addressFilter"));
    filter.sendKeys(tag);
    By table = By.id("migrationsForm:table");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(table, "1–4 of 4 mailboxes"));
    screenshot("mailboxesFiltered");

    clickRowButton(emails[0], "pause");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), emails[0] + " is paused"));
    clickRowButton(emails[1], "cancel");
    confirm("migrationsForm");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), emails[1] + " is cancelled"));
    assertThat(api.get("api/migrations/" + emails[0]).object().getString("status"))
        .isEqualTo("PAUSED");
    assertThat(api.get("api/migrations/" + emails[1]).object().getString("status"))
        .isEqualTo("CANCELLED");

    Files.writeString(load, "0");
    api.awaitStatus(emails[2], "COMPLETED", Duration.ofMinutes(2));
    api.awaitStatus(emails[3], "COMPLETED", Duration.ofMinutes(2));
    assertThat(api.get("api/migrations/" + emails[0]).object().getString("status"))
        .as("a paused mailbox is not copied when the gate opens")
        .isEqualTo("PAUSED");
    try (ImapMailbox to =
        ImapMailbox.open(destination.host(), destination.imapPort(), emails[3], "pw-3")) {
      assertThat(to.messages("INBOX"))
          .as("the account the provisioner created holds the mail")
          .hasSize(30);
    }

    ApiClient.Answer completed =
        api.get("api/migrations?address=" + tag + "&status=COMPLETED&sort=email&order=asc");
    assertThat(completed.body().asJsonArray())
        .extracting(v -> v.asJsonObject().getString("email"))
        .containsExactly(emails[2], emails[3]);

    browser.navigate().refresh();
    browser.findElement(By.id("migrationsForm:addressFilter")).sendKeys(tag);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(table, "1–4 of 4 mailboxes"));
    clickRowButton(emails[0], "resume");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), emails[0] + " is queued again"));
    api.awaitStatus(emails[0], "COMPLETED", Duration.ofMinutes(2));

    clickRowButton(emails[1], "delete");
    confirm("migrationsForm");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "The migration of " + emails[1] + " and its records were deleted"));
    assertThat(api.get("api/migrations/" + emails[1]).status()).isEqualTo(404);

    wait.until(ExpectedConditions.textToBePresentInElementLocated(table, "1–3 of 3 mailboxes"));
    select(emails[2]);
    select(emails[3]);
    browser.findElement(By.id("migrationsForm:resyncSelected")).click();
    confirm("migrationsForm");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "2 mailboxes are queued again"));
    assertThat(browser.findElement(By.id("messages")).getText()).contains(emails[2], emails[3]);
    screenshot("mailboxesAfterActions");
    java.util.Set<Long> executions = new java.util.TreeSet<>();
    for (String email : new String[] {emails[2], emails[3]}) {
      JsonObject done =
          api.awaitMigration(
              email,
              m ->
                  "COMPLETED".equals(m.getString("status"))
                      && m.getString("statusMessage").startsWith("Completed: 0 messages"),
              Duration.ofMinutes(2));
      executions.add(done.getJsonNumber("jobExecutionId").longValue());
    }
    for (long execution : executions) {
      awaitJob(execution, j -> j.getString("batchStatus").equals("COMPLETED"));
      assertPartitionMetricsAddUpToTheStep(execution);
    }
  }

  /**
   * Each partition of the execution has its own counts in it, by address, and they add up to the
   * step's (the JobOperator's sums over the partitions), which on a restart include the counts of
   * the executions it restarted.
   */
  private void assertPartitionMetricsAddUpToTheStep(long execution, long... restarted)
      throws Exception {
    long[] sum = new long[4];
    for (long earlier : restarted) {
      long[] before = partitionSums(earlier, new StringBuilder());
      for (int i = 0; i < sum.length; i++) {
        sum[i] += before[i];
      }
    }
    StringBuilder shown = new StringBuilder();
    long[] own = partitionSums(execution, shown);
    for (int i = 0; i < sum.length; i++) {
      sum[i] += own[i];
    }
    JsonObject step =
        api.get("api/jobs/" + execution).object().getJsonArray("steps").getJsonObject(0);
    System.out.println("Job execution " + execution + ": step " + step + "\n" + shown);
    assertThat(own[0]).as("reads of execution " + execution).isPositive();
    assertThat(sum)
        .as("read, write, commit, rollback counts of the partitions against the step's")
        .containsExactly(
            step.getJsonNumber("readCount").longValue(),
            step.getJsonNumber("writeCount").longValue(),
            step.getJsonNumber("commitCount").longValue(),
            step.getJsonNumber("rollbackCount").longValue());
  }

  /** Read, write, commit and rollback counts summed over the partitions that ran. */
  private long[] partitionSums(long execution, StringBuilder shown) throws Exception {
    JsonObject detail =
        awaitJobDetail(
            execution,
            d ->
                !d.getJsonObject("execution")
                        .getString("batchStatus")
                        .matches("STARTING|STARTED|STOPPING")
                    && d.getJsonArray("partitions").stream()
                            .map(p -> p.asJsonObject())
                            .filter(p -> !p.isNull("metrics"))
                            .count()
                        > 0);
    long[] sum = new long[4];
    for (var value : detail.getJsonArray("partitions")) {
      JsonObject partition = value.asJsonObject();
      assertThat(partition.getString("email")).contains("@");
      if (partition.isNull("metrics")) {
        continue;
      }
      JsonObject metrics = partition.getJsonObject("metrics");
      sum[0] += metrics.getJsonNumber("read").longValue();
      sum[1] += metrics.getJsonNumber("write").longValue();
      sum[2] += metrics.getJsonNumber("commit").longValue();
      sum[3] += metrics.getJsonNumber("rollback").longValue();
      shown.append(partition.getString("email")).append(' ').append(metrics).append('\n');
    }
    return sum;
  }

  private JsonObject awaitJobDetail(long execution, Predicate<JsonObject> condition)
      throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = api.get("api/jobs/" + execution);
      if (answer.status() == 200) {
        last = answer.object();
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job execution " + execution + " never got there; last: " + last);
  }

  @Test
  void theUsageChartsAreDrawnWithPointsAndTheThresholdLine() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    int points = 0;
    while (points < 2 && Instant.now().isBefore(deadline)) {
      ApiClient.Answer metrics = api.get("api/metrics?range=1h");
      assertThat(metrics.status()).as(metrics.text()).isEqualTo(200);
      points = metrics.object().getJsonArray("points").size();
      if (points < 2) {
        Thread.sleep(1000);
      }
    }
    assertThat(points).as("minute points sampled in the last hour").isGreaterThanOrEqualTo(2);
    JsonObject week = api.get("api/metrics?range=7d").object();
    assertThat(week.getJsonArray("points")).isNotEmpty();
    assertThat(week.getJsonNumber("threshold").doubleValue()).isEqualTo(0.7);
    JsonObject point = week.getJsonArray("points").getJsonObject(0);
    assertThat(point.keySet())
        .contains(
            "time",
            "load1",
            "load5",
            "load15",
            "messagesPerSecond",
            "bytesPerSecond",
            "copying",
            "waiting",
            "queued",
            "heapUsed");
    assertThat(api.get("api/metrics?range=2w").status()).isEqualTo(400);

    logIn();
    assertThat(drawnPoints("smallLoad", 0)).as("the dashboard's load chart").isPositive();
    screenshot("dashboardWithLoadChart");
    browser.get(payara.baseUrl() + "/admin/usage.xhtml");
    assertThat(drawnPoints("load", 0)).as("load points drawn").isGreaterThanOrEqualTo(2);
    Object threshold =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const c = Chart.getChart(document.querySelector(\"[id$='load_canvas']\"));"
                    + " const d = c.data.datasets[c.data.datasets.length - 1];"
                    + " return d.label + '=' + d.data[0];");
    assertThat(String.valueOf(threshold)).isEqualTo("Threshold 70 %=70");
    assertThat(drawnPoints("throughput", 0)).isGreaterThanOrEqualTo(2);
    assertThat(drawnPoints("mailboxes", 0)).isGreaterThanOrEqualTo(2);
    screenshot("usageLastHour");
    browser.findElement(By.xpath("//div[@id='tools:range']//*[text()='7 days']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("charts"), "points."));
    assertThat(drawnPoints("load", 0)).isPositive();
    screenshot("usageSevenDays");
  }

  /** Points of a dataset of the Chart.js chart in {@code <p:chart id>}, once it is drawn. */
  private long drawnPoints(String chartId, int dataset) {
    return wait.until(
        d -> {
          Object n =
              ((JavascriptExecutor) d)
                  .executeScript(
                      "const canvas = document.querySelector(\"[id$='"
                          + chartId
                          + "_canvas']\"); const c = canvas && window.Chart ?"
                          + " Chart.getChart(canvas) : null; return c ?"
                          + " c.data.datasets[arguments[0]].data.filter(v => v !== null).length :"
                          + " null;",
                      dataset);
          return n == null || ((Number) n).longValue() == 0 ? null : ((Number) n).longValue();
        });
  }

  @Test
  void aSelfSignedSourceIsRefusedUntilItsCertificateIsTrustedThenItsCapabilitiesAreListed()
      throws Exception {
    String domain = "tls-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    String email = "check@" + domain;
    source.addUser(email, "pw-check");
    destination.addUser(email, "pw-check");
    new MaildirCorpus(source, email, 5).add(25, 2_000);
    new MaildirCorpus(source, email, 6).add(5, 50_000, "Big");
    String settings =
        "{\"host\":\"127.0.0.1\",\"port\":" + source.imapsPort() + ",\"security\":\"ssl\"";
    assertThat(api.put("api/domains/" + domain, settings + "}").status()).isEqualTo(200);

    logIn();
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");
    By row = By.xpath("//tr[.//td[text()='" + domain + "'] or .//*[text()='" + domain + "']]");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    browser.findElement(row).findElement(By.cssSelector("button[id$=':check']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checkForm:run"))).click();
    By sourceCard = By.id("source");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(sourceCard, "Not reachable"));
    assertThat(browser.findElement(sourceCard).getText())
        .contains("TLS with 127.0.0.1 failed", "(not trusted)", "CN=localhost");
    screenshot("checkRefused");

    ApiClient.Answer refused = api.post("api/domains/" + domain + "/check", "{}");
    assertThat(refused.status()).as(refused.text()).isEqualTo(200);
    assertThat(refused.object().getJsonObject("source").getBoolean("reachable")).isFalse();
    assertThat(refused.object().getJsonObject("source").getBoolean("certificateTrusted")).isFalse();

    String pem = source.certificatePem();
    assertThat(
            api.put(
                    "api/domains/" + domain,
                    settings
                        + ",\"trustedCertificate\":"
                        + jakarta.json.Json.createValue(pem)
                        + "}")
                .status())
        .isEqualTo(200);
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    browser.findElement(row).findElement(By.cssSelector("button[id$=':check']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checkForm:login")))
        .sendKeys(email);
    browser.findElement(By.id("checkForm:password")).sendKeys("pw-check");
    browser.findElement(By.id("checkForm:run")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(sourceCard, "Reachable"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(sourceCard, "messages"));
    String card = browser.findElement(sourceCard).getText();
    assertThat(card)
        .doesNotContain("Not reachable", "not trusted")
        .contains(
            "TLSv1.",
            "CN=localhost",
            "IMAP4REV1",
            "MULTIAPPEND",
            "UIDPLUS",
            "30 messages",
            "separator “.”",
            "namespace “INBOX.”");
    assertThat(browser.findElement(By.id("destination")).getText())
        .contains("Reachable", "0 messages");
    screenshot("checkAccepted");

    JsonObject report =
        api.post(
                "api/domains/" + domain + "/check",
                "{\"login\":\"" + email + "\",\"password\":\"pw-check\"}")
            .object();
    JsonObject checked = report.getJsonObject("source");
    assertThat(checked.getBoolean("reachable")).isTrue();
    assertThat(checked.getString("tlsProtocol")).startsWith("TLSv1.");
    assertThat(checked.getJsonArray("capabilities").getValuesAs(jakarta.json.JsonString::getString))
        .contains("IMAP4REV1", "MULTIAPPEND", "UIDPLUS", "LITERAL+", "ID");
    JsonObject mailbox = checked.getJsonObject("mailbox");
    assertThat(mailbox.getInt("messages")).isEqualTo(30);
    assertThat(mailbox.getJsonNumber("largestMessage").longValue()).isGreaterThan(40_000);
    assertThat(report.getJsonObject("destination").getBoolean("reachable")).isTrue();
    assertThat(api.post("api/domains/no-such.test/check", "{}").status()).isEqualTo(404);
  }

  @Test
  void theImapToolComparesWithoutChangingEitherServerLogsAServersNoAndMigrates() throws Exception {
    String email = "tool-" + UUID.randomUUID().toString().substring(0, 6) + "@" + DOMAIN;
    source.addUser(email, "pw-tool");
    new MaildirCorpus(source, email, 31).add(40, 1_500);
    new MaildirCorpus(source, email, 32).add(10, 3_000, "Projects");
    Files.writeString(load, "1");
    queue(email, "pw-tool");
    assertThat(api.post("api/migrations/" + email + "/cancel", "{}").status()).isEqualTo(200);
    Files.writeString(load, "0");
    Map<String, ?> sourceBefore;
    Map<String, ?> destinationBefore;
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, "pw-tool");
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, "pw-tool")) {
      sourceBefore = from.snapshot("INBOX.");
      destinationBefore = to.snapshot("");
    }

    logIn();
    browser.get(payara.baseUrl() + "/admin/imap-tool.xhtml?email=" + email);
    assertThat(browser.findElement(By.id("toolForm:email")).getAttribute("value")).isEqualTo(email);
    browser.findElement(By.id("toolForm:start")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("toolForm:status"), "COMPLETED"));
    String log = browser.findElement(By.id("log")).getText();
    assertThat(log)
        .contains(
            "source S: * OK [CAPABILITY IMAP4rev1",
            "destination S: * OK",
            "maps to \"Projects\"",
            "a migration would copy about 50 messages",
            "Nothing was changed")
        .doesNotContain("pw-tool");
    assertThat(browser.findElement(By.id("toolForm:folders")).getText())
        .contains("INBOX.Projects", "would be created");
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('toolForm:folders').scrollIntoView()");
    screenshot("imapToolCompare");
    try (ImapMailbox from = ImapMailbox.open(source.host(), source.imapPort(), email, "pw-tool");
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, "pw-tool")) {
      assertThat(from.snapshot("INBOX.")).as("the source after compare").isEqualTo(sourceBefore);
      assertThat(to.snapshot("")).as("the destination after compare").isEqualTo(destinationBefore);
    }

    JsonObject refused =
        awaitTool(
            api.post(
                    "api/tools/imap",
                    "{\"mode\":\"compare\",\"email\":\""
                        + email
                        + "\",\"source\":{\"password\":\"wrong-pw-123\"}}")
                .object()
                .getString("id"));
    assertThat(refused.getString("status")).isEqualTo("ERROR");
    String refusedLog =
        String.join(
            "\n", refused.getJsonArray("log").getValuesAs(jakarta.json.JsonString::getString));
    assertThat(refusedLog)
        .contains("source answered the login with NO: [AUTHENTICATIONFAILED]")
        .doesNotContain("wrong-pw-123");

    JsonObject migrated =
        awaitTool(
            api.post("api/tools/imap", "{\"mode\":\"migrate\",\"email\":\"" + email + "\"}")
                .object()
                .getString("id"));
    assertThat(migrated.getString("status")).isEqualTo("COMPLETED");
    assertThat(migrated.getJsonArray("log").toString()).contains("Resyncing", "COMPLETED");
    try (ImapMailbox to =
        ImapMailbox.open(destination.host(), destination.imapPort(), email, "pw-tool")) {
      assertThat(to.messages("INBOX")).hasSize(40);
      assertThat(to.messages("Projects")).hasSize(10);
    }
  }

  @Test
  void theImapToolWithTypedInServersComparesAndMigratesWithTheProtocolTraceAsItsLog()
      throws Exception {
    String domain = "typed-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    // the domain's stored source listens nowhere: only the typed-in one can answer
    assertThat(
            api.put(
                    "api/domains/" + domain,
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + PayaraMicro.freePort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    String email = "typed@" + domain;
    source.addUser(email, "pw-typed-src");
    destination.addUser(email, "pw-typed-dst");
    new MaildirCorpus(source, email, 41).add(30, 1_500);
    new MaildirCorpus(source, email, 42).add(5, 2_500, "Notes");
    String[] passwords = {"pw-typed-src", "pw-typed-dst", "wrong-typed-pw"};

    logIn();
    browser.get(payara.baseUrl() + "/admin/imap-tool.xhtml?email=" + email);
    typeServer("source", source.imapPort(), email, "pw-typed-src");
    typeServer("destination", destination.imapPort(), email, "pw-typed-dst");
    browser.findElement(By.id("toolForm:start")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("toolForm:status"), "COMPLETED"));
    String compared = browser.findElement(By.id("log")).getText();
    assertThat(compared)
        .contains(
            "source: capabilities before login: ",
            "source S: * OK [CAPABILITY IMAP4rev1",
            "destination S: * OK [CAPABILITY IMAP4rev1",
            "Folder \"INBOX.Notes\" maps to \"Notes\"",
            "source C: ",
            " EXAMINE ",
            "a migration would copy about 35 messages")
        .containsPattern("source C: \\S+ (LOGIN|AUTHENTICATE) •••");
    assertThat(passwords).allSatisfy(pw -> assertThat(compared).doesNotContain(pw));
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('toolForm:folders').scrollIntoView()");
    screenshot("imapToolTypedInCompare");

    JsonObject refused =
        awaitTool(
            api.post(
                    "api/tools/imap",
                    "{\"mode\":\"compare\",\"source\":{\"host\":\"127.0.0.1\",\"port\":"
                        + source.imapPort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true,\"login\":\""
                        + email
                        + "\",\"password\":\"wrong-typed-pw\"}}")
                .object()
                .getString("id"));
    assertThat(refused.getString("status")).isEqualTo("ERROR");
    String refusedLog = refused.getJsonArray("log").toString();
    assertThat(refusedLog)
        .contains("source S: * OK [CAPABILITY", " NO [AUTHENTICATIONFAILED]")
        .doesNotContain("wrong-typed-pw");

    browser.findElement(By.xpath("//div[@id='toolForm:mode']//*[text()='Migrate']")).click();
    browser.findElement(By.id("toolForm:sourcePassword")).sendKeys("pw-typed-src");
    browser.findElement(By.id("toolForm:destinationPassword")).sendKeys("pw-typed-dst");
    browser.findElement(By.id("toolForm:start")).click();
    wait.withTimeout(Duration.ofMinutes(3))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("toolForm:message"), "Completed"));
    assertThat(browser.findElement(By.id("toolForm:status")).getText()).isEqualTo("COMPLETED");
    String migrated = browser.findElement(By.id("log")).getText();
    assertThat(migrated)
        .contains(
            "the source 127.0.0.1:" + source.imapPort() + " (none) as " + email,
            "destination: capabilities before login:",
            "source S: * OK [CAPABILITY IMAP4rev1",
            "destination S: * OK [CAPABILITY IMAP4rev1",
            "Folder \"INBOX.Notes\" maps to \"Notes\"",
            " bytes>",
            "destination S: ",
            "[APPENDUID ",
            "COMPLETED")
        .containsPattern("destination C: \\S+ APPEND \"?INBOX\"? .*<\\d+ bytes>")
        .containsPattern("destination C: \\S+ (LOGIN|AUTHENTICATE) •••");
    assertThat(passwords).allSatisfy(pw -> assertThat(migrated).doesNotContain(pw));
    java.util.regex.Matcher destinationLogin =
        java.util.regex.Pattern.compile("destination C: \\S+ (LOGIN|AUTHENTICATE)")
            .matcher(migrated);
    assertThat(destinationLogin.find()).isTrue();
    assertThat(migrated.indexOf("EXAMINE \"INBOX\""))
        .as("the source's INBOX is opened ahead, before Mailferry logs in to the destination")
        .isNotNegative()
        .isLessThan(destinationLogin.start());
    ((JavascriptExecutor) browser).executeScript("document.getElementById('log').scrollIntoView()");
    screenshot("imapToolTypedInMigrate");
    try (ImapMailbox from =
            ImapMailbox.open(source.host(), source.imapPort(), email, "pw-typed-src");
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, "pw-typed-dst")) {
      assertThat(to.messages("INBOX")).containsExactlyElementsOf(from.messages("INBOX"));
      assertThat(to.messages("Notes")).containsExactlyElementsOf(from.messages("INBOX.Notes"));
    }

    browser.findElement(By.id("toolForm:download")).click();
    Path file = downloads.resolve("mailferry-imap-tool-migrate-" + email + ".log");
    wait.until(d -> Files.exists(file) && file.toFile().length() > 0);
    String downloaded = Files.readString(file);
    Files.copy(
        file,
        shots().resolve("imapToolTypedInMigrate.log"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(downloaded).contains("[APPENDUID ", "maps to \"Notes\"", "Done: Completed");
    assertThat(passwords).allSatisfy(pw -> assertThat(downloaded).doesNotContain(pw));

    // a wrong password typed in, twice: the mailbox stops with the server's NO, then its message
    // sends the admin to the tool, and the list links to it with the mailbox filled in
    String wrongMigrate =
        "{\"mode\":\"migrate\",\"email\":\""
            + email
            + "\",\"source\":{\"host\":\"127.0.0.1\",\"port\":"
            + source.imapPort()
            + ",\"security\":\"none\",\"allowPlaintext\":true,\"password\":\"wrong-typed-pw\"}}";
    JsonObject first = awaitTool(api.post("api/tools/imap", wrongMigrate).object().getString("id"));
    assertThat(first.getString("status")).isEqualTo("ERROR");
    String firstLog = first.getJsonArray("log").toString();
    assertThat(firstLog).contains("source S: ", " NO [AUTHENTICATIONFAILED]");
    String secondId = api.post("api/tools/imap", wrongMigrate).object().getString("id");
    assertThat(awaitTool(secondId).getString("status")).isEqualTo("ERROR");
    ApiClient.Answer text = api.getAs("api/tools/imap/" + secondId + "/log", "text/plain");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.text()).contains(" NO [AUTHENTICATIONFAILED]").doesNotContain("wrong-typed-pw");
    JsonObject stopped = api.get("api/migrations/" + email).object();
    assertThat(stopped.getString("statusMessage"))
        .contains("use the single-user migration tool to look into it");

    browser.get(payara.baseUrl() + "/admin/migrations.xhtml");
    browser.findElement(By.id("migrationsForm:addressFilter")).sendKeys(email);
    By link = By.xpath("//a[contains(@class,'mf-tool-link')]");
    // the list is re-rendered every 3 s: a link found before a refresh is looked up again
    String href =
        wait.ignoring(StaleElementReferenceException.class)
            .until(d -> d.findElement(link).getAttribute("href"));
    assertThat(href)
        .endsWith("/admin/imap-tool.xhtml?email=" + java.net.URLEncoder.encode(email, "UTF-8"));
    screenshot("mailboxListLinksTheTool");
    clickInRow(email, By.cssSelector("a.mf-tool-link"));
    assertThat(
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolForm:email")))
                .getAttribute("value"))
        .isEqualTo(email);

    String serverLog;
    try (Stream<Path> files = Files.walk(dir)) {
      Path log =
          files
              .filter(f -> f.getFileName().toString().equals("payara.log"))
              .findFirst()
              .orElseThrow();
      serverLog = Files.readString(log);
    }
    assertThat(passwords).allSatisfy(pw -> assertThat(serverLog).doesNotContain(pw));
  }

  /** Types a server into the tool's form: 127.0.0.1, the port, no TLS (allowed), the login. */
  private void typeServer(String side, int port, String login, String password) {
    browser.findElement(By.id("toolForm:" + side + "Host")).sendKeys("127.0.0.1");
    browser.findElement(By.id("toolForm:" + side + "Port_input")).sendKeys(String.valueOf(port));
    // through the widgets' own API: PrimeFaces menus and switches are drawn over hidden inputs
    ((JavascriptExecutor) browser)
        .executeScript(
            "PF(arguments[0] + 'Security').selectValue('none'); PF(arguments[0] + 'Plaintext').check();",
            side);
    browser.findElement(By.id("toolForm:" + side + "Login")).sendKeys(login);
    browser.findElement(By.id("toolForm:" + side + "Password")).sendKeys(password);
  }

  private JsonObject awaitTool(String id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      last = api.get("api/tools/imap/" + id).object();
      if (!"RUNNING".equals(last.getString("status"))) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the tool run " + id + " did not end; last: " + last);
  }

  private void queue(String email, String password) throws Exception {
    ApiClient.Answer queued = api.queueMigration(email, password);
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);
  }

  private JsonObject awaitJob(long execution, Predicate<JsonObject> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = api.get("api/jobs/" + execution);
      if (answer.status() == 200) {
        last = answer.object().getJsonObject("execution");
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job execution " + execution + " never got there; last: " + last);
  }

  /**
   * Clicks in a mailbox's row; the table is re-rendered every 3 s, so a stale row is found again.
   */
  private void clickInRow(String email, By target) {
    By row = By.xpath("//tbody[@id='migrationsForm:table_data']/tr[.//a[text()='" + email + "']]");
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement found =
                  d.findElement(row).findElements(target).stream()
                      .filter(WebElement::isDisplayed)
                      .findFirst()
                      .orElse(null);
              if (found == null) {
                return false;
              }
              found.click();
              return true;
            });
  }

  /**
   * Ticks a row's checkbox and waits for the server to have it. A refresh already under way when
   * the box is ticked may draw the row unticked again (as a person would see): then it is ticked
   * again.
   */
  private void select(String email) {
    By row = By.xpath("//tbody[@id='migrationsForm:table_data']/tr[.//a[text()='" + email + "']]");
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement found = d.findElement(row);
              if ("true".equals(found.getAttribute("aria-selected")) && ajaxIdle()) {
                return true;
              }
              if (!"true".equals(found.getAttribute("aria-selected")) && ajaxIdle()) {
                found.findElement(By.cssSelector(".ui-chkbox-box")).click();
              }
              return false;
            });
  }

  private boolean ajaxIdle() {
    return Boolean.TRUE.equals(
        ((JavascriptExecutor) browser).executeScript("return PrimeFaces.ajax.Queue.isEmpty();"));
  }

  private void clickRowButton(String email, String action) {
    clickInRow(email, By.cssSelector("button[id$=':" + action + "']"));
  }

  private void confirm(String form) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(form + ":confirmYes"))).click();
  }

  private void logIn() {
    browser.get(payara.baseUrl() + "/login.xhtml");
    browser.findElement(By.id("login:user")).sendKeys(ADMIN);
    browser.findElement(By.id("login:password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("login:submit")).click();
    wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
  }

  private static Path shots() throws IOException {
    return Files.createDirectories(
        dir.getParent().getParent().resolve("screenshots").resolve("ConsoleIT"));
  }

  private void screenshot(String name) throws IOException {
    Files.write(
        shots().resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
