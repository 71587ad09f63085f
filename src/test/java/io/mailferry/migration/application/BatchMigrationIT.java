package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Batch migration end to end: Mailferry on its own Payara Micro (the {@code passwd-file}
 * provisioner writing the destination Dovecot's users file, a destination master user), a Dovecot
 * source with a master user, CSVs uploaded through {@code POST /api/batches} and the batch page in
 * headless Chromium. Each test has its own mailboxes; screenshots go to {@code
 * target/screenshots/BatchMigrationIT/}.
 */
class BatchMigrationIT {

  private static final String DOMAIN = "batch.test";
  private static final String DESTINATION_MASTER = "migrator";
  private static final String DESTINATION_MASTER_PASSWORD = "dst-master-" + UUID.randomUUID();
  private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(6);

  private static Path dir;
  private static DovecotServer source;
  private static DovecotServer destination;
  private static PayaraMicro payara;
  private static ApiClient api;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    source = DovecotServer.builder("batch-src").layout(Layout.SLASH_NO_PREFIX).start();
    destination =
        DovecotServer.builder("batch-dst")
            .layout(Layout.SLASH_NO_PREFIX)
            .imapPort(Integer.getInteger("it.destination.port", 31143))
            .masterUser(DESTINATION_MASTER, DESTINATION_MASTER_PASSWORD)
            .start();
    dir = PayaraMicro.runDirectory("batch");
    Path load = Files.writeString(dir.resolve("load"), "0");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MAILFERRY_SECRET_KEY", "batch-it-" + UUID.randomUUID());
    env.put("MAILFERRY_DESTINATION_HOST", "127.0.0.1");
    env.put("MAILFERRY_DESTINATION_PORT", String.valueOf(destination.imapPort()));
    env.put("MAILFERRY_DESTINATION_SECURITY", "none");
    env.put("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true");
    env.put("MAILFERRY_DESTINATION_MASTER_USER", DESTINATION_MASTER);
    env.put("MAILFERRY_DESTINATION_MASTER_PASSWORD", DESTINATION_MASTER_PASSWORD);
    env.put("MAILFERRY_PROVISIONER", "passwd-file");
    env.put("MAILFERRY_PROVISIONER_PASSWD_FILE_PATH", destination.usersFile().toString());
    env.put("MAILFERRY_MIGRATION_LOAD_FILE", load.toString());
    env.put("MAILFERRY_MIGRATION_CHUNK_MESSAGES", "20");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(), PayaraMicro.freePort(), PayaraMicro.h2PostbootFile(dir), env);
    api = new ApiClient(URI.create(payara.baseUrl()), TestAdmin.USER, TestAdmin.PASSWORD);
    ApiClient.Answer domain =
        api.put(
            "api/domains/" + DOMAIN,
            "{\"host\":\"127.0.0.1\",\"port\":"
                + source.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true,\"autoMigration\":false}");
    assertThat(domain.status()).as(domain.text()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
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

  @Test
  void aBatchOfThirtyMailboxesRunsAsOneJobUnderTheCeilingAndEndsEqual() throws Exception {
    Map<String, String> users = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      users.put("crowd" + i + "@" + DOMAIN, "pw," + i + ";\"q\"-" + UUID.randomUUID());
    }
    source.addUsers(users);
    int n = 0;
    for (String email : users.keySet()) {
      new MaildirCorpus(source, email, n++).add(25, 3_000).add(10, 2_000, "Projects", "2026");
    }
    StringBuilder csv = new StringBuilder("\uFEFFEmail;Password\r\n");
    users.forEach(
        (email, password) ->
            csv.append(email.replace("@batch.test", "@Batch.TEST"))
                .append(';')
                .append('"')
                .append(password.replace("\"", "\"\""))
                .append('"')
                .append("\r\n"));
    assertThat(api.post("api/slots/high-water-mark/reset", "{}").status()).isEqualTo(204);

    JsonObject created = upload(csv.toString(), "", 201);
    assertThat(created.getInt("mailboxes")).isEqualTo(30);
    assertThat(created.getJsonArray("rejected")).isEmpty();
    JsonObject batch = awaitBatch(created.getJsonNumber("id").longValue(), finished());

    assertThat(batch.getString("state")).isEqualTo("COMPLETED");
    List<JsonObject> members = members(batch);
    assertThat(members)
        .hasSize(30)
        .allSatisfy(
            m -> {
              assertThat(m.getString("status")).isEqualTo("COMPLETED");
              assertThat(m.getJsonNumber("messagesDone").longValue()).isEqualTo(35);
            });
    assertThat(members.stream().map(m -> m.getJsonNumber("jobExecutionId").longValue()).distinct())
        .as("one job execution for the whole batch")
        .hasSize(1);
    JsonObject slots = api.get("api/slots").object();
    System.out.println("Batch of 30 mailboxes: slots " + slots);
    assertThat(slots.getInt("highWaterMark"))
        .as("most mailboxes copying at once")
        .isBetween(1, slots.getInt("capacity"));
    assertThat(slots.getInt("capacity")).isLessThanOrEqualTo(6);
    for (Map.Entry<String, String> user : users.entrySet()) {
      // the account was created by the provisioner with the user's own password
      try (ImapMailbox from =
              ImapMailbox.open(source.host(), source.imapPort(), user.getKey(), user.getValue());
          ImapMailbox to =
              ImapMailbox.open(
                  destination.host(), destination.imapPort(), user.getKey(), user.getValue())) {
        assertThat(to.snapshot("")).as(user.getKey()).isEqualTo(from.snapshot(""));
      }
    }

    List<String> report = report(batch.getJsonNumber("id").longValue());
    assertThat(report.get(0)).isEqualTo("line,email,status,messages,bytes,skipped,refused,reason");
    assertThat(report.subList(1, report.size()))
        .hasSize(30)
        .allSatisfy(
            line -> assertThat(line).matches("\\d+,crowd\\d+@batch\\.test,COMPLETED,35,\\d+,0,0,"));
    assertThat(report.get(1)).startsWith("2,crowd0@batch.test,");
    String log = Files.readString(payaraLog());
    assertThat(users.values()).allSatisfy(password -> assertThat(log).doesNotContain(password));
  }

  private static Path payaraLog() throws IOException {
    try (var files = Files.walk(dir)) {
      return files
          .filter(f -> f.getFileName().toString().equals("payara.log"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aScheduledBatchStartsAtItsTimeInWavesOneJobExecutionEach() throws Exception {
    Map<String, String> users = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      users.put("wave" + i + "@" + DOMAIN, "wave-pw-" + i);
    }
    source.addUsers(users);
    int n = 300;
    for (String email : users.keySet()) {
      new MaildirCorpus(source, email, n++).add(20, 2_000);
    }
    String csv =
        "email,password\n"
            + users.entrySet().stream()
                .map(u -> u.getKey() + "," + u.getValue())
                .collect(Collectors.joining("\n"));
    Instant startAt =
        Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    long id =
        upload(csv, "?name=waves&waveSize=2&startAt=" + startAt, 201)
            .getJsonNumber("id")
            .longValue();
    JsonObject scheduled = api.get("api/batches/" + id).object();

    assertThat(scheduled.getString("state")).isEqualTo("SCHEDULED");
    assertThat(scheduled.getInt("waves")).isEqualTo(3);
    assertThat(members(scheduled))
        .allSatisfy(m -> assertThat(m.getString("statusMessage")).startsWith("Scheduled"));
    JsonObject done = awaitBatch(id, finished());
    assertThat(done.getString("state")).isEqualTo("COMPLETED");
    assertThat(Instant.parse(done.getString("startedAt"))).isAfterOrEqualTo(startAt);
    Map<Integer, List<JsonObject>> byWave =
        members(done).stream().collect(Collectors.groupingBy(m -> m.getInt("wave")));
    assertThat(byWave.keySet()).containsExactly(1, 2, 3);
    assertThat(byWave.values().stream().map(List::size)).containsExactly(2, 2, 1);
    List<Long> executions = new ArrayList<>();
    Instant previousWaveFinished = startAt;
    for (List<JsonObject> wave : byWave.values()) {
      assertThat(wave.stream().map(m -> m.getJsonNumber("jobExecutionId").longValue()).distinct())
          .as("one job execution per wave")
          .hasSize(1);
      executions.add(wave.get(0).getJsonNumber("jobExecutionId").longValue());
      Instant latestFinish = Instant.MIN;
      for (JsonObject member : wave) {
        JsonObject migration = api.get("api/migrations/" + member.getString("email")).object();
        assertThat(Instant.parse(migration.getString("startedAt")))
            .as("a wave starts after the one before finished")
            .isAfterOrEqualTo(previousWaveFinished);
        Instant finished = Instant.parse(migration.getString("finishedAt"));
        latestFinish = finished.isAfter(latestFinish) ? finished : latestFinish;
      }
      previousWaveFinished = latestFinish;
    }
    assertThat(executions).doesNotHaveDuplicates();
  }

  @Test
  void aFailedMailboxIsReportedWithItsReasonAndResyncedFromTheBatch() throws Exception {
    String ok = "steady@" + DOMAIN;
    String changed = "changed@" + DOMAIN;
    source.addUser(ok, "steady-pw");
    source.addUser(changed, "changed-since-the-export");
    new MaildirCorpus(source, ok, 400).add(15, 2_000);
    new MaildirCorpus(source, changed, 401).add(15, 2_000);
    String single = "single@" + DOMAIN;
    source.addUser(single, "single-pw");
    destination.addUser(single, "single-pw");
    new MaildirCorpus(source, single, 402).add(12, 2_000);

    long id =
        upload("email,password\n" + ok + ",steady-pw\n" + changed + ",exported-pw\n", "", 201)
            .getJsonNumber("id")
            .longValue();
    ApiClient.Answer queued = api.queueMigration(single, "single-pw");
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);
    JsonObject failed = awaitBatch(id, finished());

    assertThat(failed.getString("state")).isEqualTo("FAILED");
    System.out.println(
        "Outcome CSV of a batch with a failed mailbox:\n" + String.join("\n", report(id)));
    assertThat(report(id))
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).startsWith("2," + ok + ",COMPLETED,15,"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("3," + changed + ",ERROR,0,0,0,0,")
                    .containsIgnoringCase("password"));
    assertThat(
            api.awaitStatus(single, "COMPLETED", BATCH_TIMEOUT)
                .getJsonNumber("messagesDone")
                .longValue())
        .as("a mailbox queued on its own still runs beside batches")
        .isEqualTo(12);

    source.setPassword(changed, "exported-pw");
    assertThat(api.post("api/batches/" + id + "/resync", "{}").status()).isEqualTo(202);
    JsonObject resynced = awaitBatch(id, b -> b.getString("state").equals("COMPLETED"));

    assertThat(members(resynced)).extracting(m -> m.getString("status")).containsOnly("COMPLETED");
    try (ImapMailbox from =
            ImapMailbox.open(source.host(), source.imapPort(), changed, "exported-pw");
        ImapMailbox to =
            ImapMailbox.open(destination.host(), destination.imapPort(), changed, "exported-pw")) {
      assertThat(to.snapshot("")).isEqualTo(from.snapshot(""));
    }
  }

  @Test
  void badFilesAreRefusedLineByLineAndStartNothing() throws Exception {
    String good = "fine@" + DOMAIN;
    String csv =
        "email,password\n"
            + good
            + ",one\n"
            + "not-an-address,two\n"
            + "nopass@"
            + DOMAIN
            + ",\n"
            + "FINE@"
            + DOMAIN.toUpperCase(java.util.Locale.ROOT)
            + ",three\n"
            + "someone@nowhere.test,four\n";

    JsonObject refused = upload(csv, "", 422);

    assertThat(refused.get("id")).isEqualTo(JsonValue.NULL);
    assertThat(rejected(refused))
        .containsExactly(
            "3: 'not-an-address' is not a mail address",
            "4: no password for nopass@" + DOMAIN,
            "5: fine@" + DOMAIN + " is on line 2 already",
            "6: no source server is registered for nowhere.test: add the domain first");
    assertThat(api.get("api/migrations/" + good).status()).as("nothing was queued").isEqualTo(404);

    byte[] latin1 =
        ("email,password\nj\u00fcrgen@" + DOMAIN + ",pw\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(rejected(send("api/batches", latin1, 422)))
        .containsExactly("2: not UTF-8 (byte 0xFC): save the file as UTF-8");
    assertThat(rejected(upload("%PDF-1.7\n%\u00e2\u00e3\n", "", 422)))
        .containsExactly(
            "1: not a CSV file with a header row: the first line must name the columns, e.g."
                + " email,password");
    StringBuilder tooMany = new StringBuilder("email,password\n");
    for (int i = 0; i < 1001; i++) {
      tooMany.append("many").append(i).append('@').append(DOMAIN).append(",pw\n");
    }
    assertThat(rejected(upload(tooMany.toString(), "", 422)))
        .containsExactly("1002: more than 1000 mailboxes: split the file into several batches");
    assertThat(api.get("api/migrations/many0@" + DOMAIN).status()).isEqualTo(404);

    source.addUser("checked@" + DOMAIN, "right-password");
    assertThat(
            rejected(
                upload(
                    "email,password\nchecked@" + DOMAIN + ",wrong-password\n",
                    "?checkLogins=true",
                    422)))
        .containsExactly("2: the source server refused the login checked@" + DOMAIN);
    assertThat(
            send(
                    "api/batches?masterLogin=master",
                    "email\nx@batch.test\n".getBytes(StandardCharsets.UTF_8),
                    400)
                .getString("message"))
        .contains("masterPassword");
  }

  @Test
  void aStoppedBatchRestartsWhereItStoppedWithNoDuplicate() throws Exception {
    Map<String, String> users = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      users.put("stopper" + i + "@" + DOMAIN, "stop-pw-" + i);
    }
    source.addUsers(users);
    int n = 100;
    for (String email : users.keySet()) {
      new MaildirCorpus(source, email, n++).add(1500, 1_200).add(500, 1_200, "Archive");
    }
    String csv =
        "email,password\n"
            + users.entrySet().stream()
                .map(u -> u.getKey() + "," + u.getValue())
                .collect(Collectors.joining("\n"));
    long id = upload(csv, "?name=stop-and-restart", 201).getJsonNumber("id").longValue();
    awaitBatch(
        id,
        b -> members(b).stream().anyMatch(m -> m.getJsonNumber("messagesDone").longValue() > 0));

    assertThat(api.post("api/batches/" + id + "/stop", "{}").status()).isEqualTo(202);
    JsonObject stopped = awaitBatch(id, b -> b.getString("state").equals("STOPPED"));

    List<JsonObject> atStop = members(stopped);
    assertThat(atStop).anySatisfy(m -> assertThat(m.getString("status")).isEqualTo("QUEUED"));
    assertThat(atStop)
        .filteredOn(m -> m.getString("status").equals("QUEUED"))
        .allSatisfy(
            m ->
                assertThat(m.getString("statusMessage"))
                    .contains("restarting the batch resumes it"));
    long doneAtStop = stopped.getJsonNumber("messagesDone").longValue();
    assertThat(doneAtStop).isPositive().isLessThan(4 * 2000);
    assertThat(api.post("api/batches/" + id + "/stop", "{}").status())
        .as("stopping twice is harmless")
        .isEqualTo(202);
    String waiting =
        atStop.stream()
            .filter(m -> m.getString("status").equals("QUEUED"))
            .findFirst()
            .orElseThrow()
            .getString("email");
    assertThat(rejected(upload("email,password\n" + waiting + ",again\n", "", 422)))
        .as("a mailbox of an unfinished batch is not taken by another")
        .containsExactly(
            "2: "
                + waiting
                + " is being migrated already (QUEUED): leave it out or wait until it"
                + " finishes");

    assertThat(api.post("api/batches/" + id + "/restart", "{}").status()).isEqualTo(202);
    JsonObject done = awaitBatch(id, finished());

    assertThat(done.getString("state")).isEqualTo("COMPLETED");
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(4 * 2000);
    for (Map.Entry<String, String> user : users.entrySet()) {
      try (ImapMailbox from =
              ImapMailbox.open(source.host(), source.imapPort(), user.getKey(), user.getValue());
          ImapMailbox to =
              ImapMailbox.open(
                  destination.host(), destination.imapPort(), user.getKey(), user.getValue())) {
        assertThat(to.messages("INBOX"))
            .as(user.getKey())
            .hasSize(1500)
            .containsExactlyElementsOf(from.messages("INBOX"));
        assertThat(to.messages("Archive"))
            .hasSize(500)
            .containsExactlyElementsOf(from.messages("Archive"));
      }
    }
    assertThat(api.post("api/batches/" + id + "/restart", "{}").status())
        .as("only a stopped batch restarts")
        .isEqualTo(409);
  }

  @Test
  void aMasterLoginBatchNeedsNoUserPasswords() throws Exception {
    List<String> emails = List.of("boss@" + DOMAIN, "clerk@" + DOMAIN, "intern@" + DOMAIN);
    int n = 200;
    for (String email : emails) {
      source.addUser(email, "nobody-knows-" + UUID.randomUUID());
      destination.addUser(email, "dest-" + email);
      new MaildirCorpus(source, email, n++).add(40, 2_500).add(5, 2_500, "Old Stuff");
    }
    String csv = "email\n" + String.join("\n", emails) + "\n";

    JsonObject wrong =
        upload(
            csv,
            "?checkLogins=true&masterLogin=" + source.masterUser() + "&masterPassword=nope",
            422);
    assertThat(rejected(wrong))
        .containsExactly(
            "2: the source server refused the login boss@" + DOMAIN + "*" + source.masterUser(),
            "3: the source server refused the login clerk@" + DOMAIN + "*" + source.masterUser(),
            "4: the source server refused the login intern@" + DOMAIN + "*" + source.masterUser());

    JsonObject created =
        upload(
            csv,
            "?checkLogins=true&masterLogin="
                + source.masterUser()
                + "&masterPassword="
                + source.masterPassword(),
            201);
    JsonObject batch = awaitBatch(created.getJsonNumber("id").longValue(), finished());

    assertThat(batch.getString("state")).isEqualTo("COMPLETED");
    assertThat(batch.getString("masterLogin")).isEqualTo("%u*" + source.masterUser());
    for (String email : emails) {
      try (ImapMailbox from =
              ImapMailbox.open(
                  source.host(),
                  source.imapPort(),
                  source.masterLogin(email),
                  source.masterPassword());
          ImapMailbox to =
              ImapMailbox.open(
                  destination.host(), destination.imapPort(), email, "dest-" + email)) {
        assertThat(to.snapshot("")).as(email).isEqualTo(from.snapshot(""));
      }
    }
  }

  @Test
  void theBatchPagesShowTheLinesToFixThenTheBatchRunning() throws Exception {
    List<String> emails = List.of("page1@" + DOMAIN, "page2@" + DOMAIN);
    for (String email : emails) {
      source.addUser(email, "page-pw");
      new MaildirCorpus(source, email, email.hashCode()).add(30, 2_000);
    }
    Path bad =
        Files.writeString(
            dir.resolve("bad.csv"),
            "email,password\npage1@" + DOMAIN + ",page-pw\nwho@,x\npage1@" + DOMAIN + ",again\n");
    Path good =
        Files.writeString(
            dir.resolve("staff.csv"),
            "email;password\n"
                + emails.stream().map(e -> e + ";page-pw").collect(Collectors.joining("\n")));
    WebDriver browser = browser();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    try {
      browser.get(payara.baseUrl() + "/login.xhtml");
      browser.findElement(By.id("login:user")).sendKeys(TestAdmin.USER);
      browser.findElement(By.id("login:password")).sendKeys(TestAdmin.PASSWORD);
      browser.findElement(By.id("login:submit")).click();
      wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
      browser.findElement(By.id("menu:batches")).click();
      wait.until(ExpectedConditions.urlContains("/admin/batches.xhtml"));

      fileInput(browser).sendKeys(bad.toAbsolutePath().toString());
      browser.findElement(By.id("uploadForm:upload")).click();
      WebElement rejected =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rejected")));
      assertThat(rejected.findElements(By.cssSelector("tbody tr")))
          .extracting(WebElement::getText)
          .containsExactly(
              "3 'who@' is not a mail address", "4 page1@" + DOMAIN + " is on line 2 already");
      assertThat(browser.findElement(By.id("messages")).getText())
          .contains("bad.csv: 2 lines are not right, and nothing was started");
      screenshot(browser, "lines-to-fix");

      fileInput(browser).sendKeys(good.toAbsolutePath().toString());
      browser.findElement(By.id("uploadForm:waveSize_input")).sendKeys("1");
      browser
          .findElement(By.id("uploadForm:checkLogins"))
          .findElement(By.cssSelector(".ui-chkbox-box"))
          .click();
      browser.findElement(By.id("uploadForm:upload")).click();
      wait.until(ExpectedConditions.urlContains("/admin/batch.xhtml"));
      screenshot(browser, "batch-just-started");
      new WebDriverWait(browser, BATCH_TIMEOUT)
          .until(ExpectedConditions.textToBe(By.id("batchForm:state"), "COMPLETED"));
      assertThat(browser.findElement(By.cssSelector(".mf-heading h1")).getText())
          .isEqualTo("Batches / staff.csv");
      assertThat(browser.findElement(By.id("batchForm:members")).getText())
          .contains("page1@" + DOMAIN, "page2@" + DOMAIN, "30 / 30");
      assertThat(browser.findElement(By.id("batchForm:detail")).getText())
          .contains("2: 2 completed, 0 failed", "all done (2 waves)", "60 / 60 (100 %)");
      screenshot(browser, "batch-completed");

      browser.findElement(By.id("menu:batches")).click();
      wait.until(ExpectedConditions.urlContains("/admin/batches.xhtml"));
      assertThat(browser.findElement(By.id("batchesForm:table")).getText()).contains("staff.csv");
      screenshot(browser, "batches");
    } finally {
      browser.quit();
    }
  }

  private static WebElement fileInput(WebDriver browser) {
    return browser.findElement(By.cssSelector("#uploadForm input[type=file]"));
  }

  private static WebDriver browser() throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 1000);
    WebDriver browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 1000));
    return browser;
  }

  private static void screenshot(WebDriver browser, String name) throws IOException {
    Path shots = dir.getParent().getParent().resolve("screenshots").resolve("BatchMigrationIT");
    Files.createDirectories(shots);
    Files.write(
        shots.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static Predicate<JsonObject> finished() {
    return b -> b.getString("state").equals("COMPLETED") || b.getString("state").equals("FAILED");
  }

  private static JsonObject awaitBatch(long id, Predicate<JsonObject> condition) throws Exception {
    Instant deadline = Instant.now().plus(BATCH_TIMEOUT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = api.get("api/batches/" + id);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      last = answer.object();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("batch " + id + " did not reach the expected state; last: " + last);
  }

  private static List<JsonObject> members(JsonObject batch) {
    return batch.getJsonArray("members").getValuesAs(JsonObject.class);
  }

  private static List<String> rejected(JsonObject answer) {
    JsonArray lines = answer.getJsonArray("rejected");
    List<String> result = new ArrayList<>();
    for (JsonObject line : lines.getValuesAs(JsonObject.class)) {
      result.add(line.getInt("line") + ": " + line.getString("reason"));
    }
    return result;
  }

  private static List<String> report(long id) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            request("api/batches/" + id + "/report.csv").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    return response.body().lines().toList();
  }

  private static JsonObject upload(String csv, String query, int status) throws Exception {
    return send("api/batches" + query, csv.getBytes(StandardCharsets.UTF_8), status);
  }

  private static JsonObject send(String path, byte[] csv, int status) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            request(path)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(payara.baseUrl() + "/").resolve(path))
        .timeout(Duration.ofSeconds(120))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (TestAdmin.USER + ":" + TestAdmin.PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)));
  }
}
