package io.mailferry.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.Pop3Proxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The POP3 fetch tool against Dovecot's POP3 (POP3S, STLS, plaintext through a proxy) into a
 * Dovecot destination written through its master user, on Mailferry's own Payara Micro: first run,
 * a second run that fetches only what is new, delete after fetch, a connection cut in the middle of
 * a RETR, a server without UIDL, the load gate, clear errors, and the screen in headless Chromium.
 * Each test uses its own POP3 account and destination mailbox; the destination must hold each POP3
 * message exactly once, byte for byte. Screenshots in {@code target/screenshots/Pop3FetchIT/}.
 */
class Pop3FetchIT {

  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "it-" + UUID.randomUUID();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Path dir;
  private static Path load;
  private static DovecotServer pop3;
  private static DovecotServer destination;
  private static PayaraMicro payara;
  private static ApiClient api;

  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    pop3 = DovecotServer.builder("pop3-src").layout(Layout.SLASH_NO_PREFIX).pop3().ssl().start();
    destination =
        DovecotServer.builder("pop3-dst")
            .layout(Layout.DOT_INBOX_PREFIX)
            .imapPort(Integer.getInteger("it.destination.port", 32143))
            .start();
    dir = PayaraMicro.runDirectory("pop3");
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
                Map.entry("MAILFERRY_DESTINATION_MASTER_USER", destination.masterUser()),
                Map.entry("MAILFERRY_DESTINATION_MASTER_PASSWORD", destination.masterPassword()),
                Map.entry("MAILFERRY_MIGRATION_LOAD_FILE", load.toString()),
                Map.entry("MAILFERRY_MIGRATION_LOAD_SAMPLE_SECONDS", "1"),
                Map.entry("MAILFERRY_MIGRATION_RETRIES", "3")));
    api = new ApiClient(URI.create(payara.baseUrl() + "/"), ADMIN, ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (payara != null) {
      payara.stop();
    }
    if (pop3 != null) {
      pop3.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @AfterEach
  void closeBrowser() throws IOException {
    Files.writeString(load, "0");
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aFirstRunOverPop3sFetchesEveryMessageAndASecondOnlyWhatArrivedSince() throws Exception {
    Account account = account("first", 30);

    long id =
        create(
            account,
            "ssl",
            pop3.pop3sPort(),
            b -> b.add("trustedCertificate", pop3.certificatePem()));
    JsonObject first = await(id, completed(1));

    assertThat(first.getBoolean("uidl")).isTrue();
    assertThat(first.getJsonObject("counts").getInt("fetched")).isEqualTo(30);
    assertThat(first.getString("statusMessage"))
        .startsWith("30 new messages fetched")
        .contains("30 messages on the POP3 server");
    assertThat(first.getString("nextRun", null)).as("not repeating").isNull();
    assertThat(destinationInbox(account)).containsExactlyElementsOf(pop3Inbox(account));

    account.add(5, 100);
    assertThat(api.post("api/pop3-fetches/" + id + "/run", "{}").status()).isEqualTo(202);
    JsonObject second = await(id, completed(2));

    assertThat(second.getJsonObject("counts").getInt("lastRunFetched")).isEqualTo(5);
    assertThat(second.getJsonObject("counts").getInt("fetched")).isEqualTo(35);
    assertThat(second.getJsonObject("counts").getInt("onServer")).as("left there").isEqualTo(35);
    List<String> fetched = destinationInbox(account);
    assertThat(fetched).hasSize(35).doesNotHaveDuplicates();
    assertThat(fetched).containsExactlyElementsOf(pop3Inbox(account));
  }

  @Test
  void overStlsIntoAFolderEachMessageIsDeletedFromTheServerOnceItsAppendIsConfirmed()
      throws Exception {
    Account account = account("delete", 12);
    List<String> before = pop3Inbox(account);

    long id =
        create(
            account,
            "starttls",
            pop3.pop3Port(),
            b ->
                b.add("trustedCertificate", pop3.certificatePem())
                    .add("folder", "INBOX.Fetched")
                    .add("leaveOnServer", false));
    JsonObject done = await(id, completed(1));

    assertThat(done.getJsonObject("counts").getInt("deleted")).isEqualTo(12);
    assertThat(done.getString("statusMessage")).contains("12 deleted there after the append");
    assertThat(destination(account, "INBOX.Fetched")).containsExactlyElementsOf(before);
    assertThat(destinationInbox(account)).isEmpty();
    assertThat(pop3Inbox(account)).isEmpty();
  }

  @Test
  void aConnectionCutInTheMiddleOfARetrIsResumedAndNothingArrivesTwice() throws Exception {
    // 60 messages: a first chunk of 50 appended and recorded, the cut in the second chunk
    Account account = account("cut", 60);
    try (Pop3Proxy proxy = new Pop3Proxy(pop3.pop3Port())) {
      proxy.cutRetr(55, 1_000);

      long id = create(account, "none", proxy.port(), b -> b.add("allowPlaintext", true));
      JsonObject done = await(id, completed(1));

      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(done.getJsonObject("counts").getInt("fetched")).isEqualTo(60);
      assertThat(proxy.retrs())
          .as("after the cut only the second chunk's ten messages are retrieved again")
          .isEqualTo(55 + 10);
    }
    assertThat(destinationInbox(account)).containsExactlyElementsOf(pop3Inbox(account));
  }

  @Test
  void aServerWithoutUidlIsFetchedByFingerprintAndSaysSo() throws Exception {
    Account account = account("nouidl", 8);
    try (Pop3Proxy proxy = new Pop3Proxy(pop3.pop3Port()).refuseUidl(true)) {
      long id = create(account, "none", proxy.port(), b -> b.add("allowPlaintext", true));
      JsonObject first = await(id, completed(1));

      assertThat(proxy.uidlRefusals()).isPositive();
      assertThat(first.getBoolean("uidl")).isFalse();
      assertThat(first.getString("statusMessage"))
          .contains("The server has no UIDL: messages are recognised by a fingerprint");

      account.add(2, 200);
      assertThat(api.post("api/pop3-fetches/" + id + "/run", "{}").status()).isEqualTo(202);
      JsonObject second = await(id, completed(2));
      assertThat(second.getJsonObject("counts").getInt("lastRunFetched")).isEqualTo(2);
    }
    assertThat(destinationInbox(account)).hasSize(10).containsExactlyElementsOf(pop3Inbox(account));
  }

  @Test
  void aFetchWaitsWhileTheLoadGateIsClosedAndRunsOnceItOpens() throws Exception {
    Account account = account("gate", 3);
    Files.writeString(load, "1");
    api.awaitLoadGate(false, WAIT);

    long id =
        create(
            account,
            "ssl",
            pop3.pop3sPort(),
            b -> b.add("trustedCertificate", pop3.certificatePem()));
    JsonObject waiting = await(id, f -> f.getString("status").equals("WAITING"));
    assertThat(waiting.getString("statusMessage")).startsWith("Waiting for the server load");
    assertThat(api.post("api/pop3-fetches/" + id + "/run", "{}").status())
        .as("a waiting fetch is not queued twice")
        .isEqualTo(409);
    assertThat(destinationInbox(account)).isEmpty();

    Files.writeString(load, "0");
    await(id, completed(1));
    assertThat(destinationInbox(account)).containsExactlyElementsOf(pop3Inbox(account));
  }

  @Test
  void wrongPasswordUntrustedCertificateUnreachableServerAndBadRequestAreAnsweredClearly()
      throws Exception {
    Account account = account("wrong", 2);
    String wrong = "not-" + account.password;

    long id =
        create(
            new Account(account.email, wrong),
            "ssl",
            pop3.pop3sPort(),
            b -> b.add("trustedCertificate", pop3.certificatePem()));
    JsonObject refused = awaitError(id);
    assertThat(refused.getString("statusMessage"))
        .startsWith("The POP3 server 127.0.0.1:" + pop3.pop3sPort() + " (ssl) refused the login: ")
        .contains("[AUTH] Authentication failed");

    long untrusted = create(account, "ssl", pop3.pop3sPort(), b -> {});
    assertThat(awaitError(untrusted).getString("statusMessage")).contains("failed the TLS check");
    assertThat(destinationInbox(account)).isEmpty();

    int nothingThere = PayaraMicro.freePort();
    long unreachable = create(account, "ssl", nothingThere, b -> {});
    assertThat(awaitError(unreachable).getString("statusMessage"))
        .startsWith("The POP3 server 127.0.0.1:" + nothingThere + " (ssl) cannot be reached")
        .endsWith("(gave up after 4 attempts)");

    ApiClient.Answer plaintext =
        api.post("api/pop3-fetches", request(account, "none", pop3.pop3Port()).build().toString());
    assertThat(plaintext.status()).isEqualTo(400);
    assertThat(plaintext.object().getString("message")).contains("plaintext POP3");
    assertThat(api.get("api/pop3-fetches/999999").status()).isEqualTo(404);

    String log = Files.readString(payaraLog());
    assertThat(log).doesNotContain(wrong).doesNotContain(account.password);
    assertThat(api.get("api/pop3-fetches").text()).doesNotContain(account.password);
  }

  @Test
  void theScreenCreatesARepeatingFetchShowsItsRunsAndTurnsTheRepeatOff() throws Exception {
    Account account = account("screen", 6);
    openBrowser();
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    logIn(wait);
    browser.findElement(By.linkText("POP3 fetch")).click();
    wait.until(ExpectedConditions.urlContains("/admin/pop3-fetches.xhtml"));

    type("fetchForm:host", "127.0.0.1");
    type("fetchForm:port_input", String.valueOf(pop3.pop3Port()));
    choose(wait, "fetchForm:security", "STLS");
    type("fetchForm:login", account.email);
    type("fetchForm:password", account.password);
    type("fetchForm:email", account.email);
    type("fetchForm:repeat_input", "1");
    type("fetchForm:certificate", pop3.certificatePem());
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('fetchForm:create').scrollIntoView()");
    screenshot("newFetchForm");
    browser.findElement(By.id("fetchForm:createButton")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "The fetch of " + account.email + " into " + account.email));

    long id = idOf(account.email);
    By row = By.xpath("//tr[.//span[@id='account-" + id + "']]");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "COMPLETED"));
    JsonObject first = api.get("api/pop3-fetches/" + id).object();
    Instant lastRun = Instant.parse(first.getString("lastRunEnded"));
    assertThat(Instant.parse(first.getString("nextRun"))).isEqualTo(lastRun.plusSeconds(60));
    assertThat(browser.findElement(By.id("fetched-" + id)).getText()).isEqualTo("6");
    assertThat(browser.findElement(row).getText())
        .contains("6 new messages fetched", "every 1 min", "(starttls)");
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    screenshot("completedAndRepeating");

    // the repeat runs by itself a minute later and finds nothing new
    await(id, completed(2).and(f -> f.getJsonObject("counts").getInt("lastRunFetched") == 0));
    clickInRow(wait, row, ":stopRepeat");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("next-" + id), "not repeating"));
    assertThat(api.get("api/pop3-fetches/" + id).object().containsKey("nextRun")).isFalse();

    clickInRow(wait, row, ":run");
    await(id, completed(3));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "No new message fetched"));
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    screenshot("afterRunNow");
    assertThat(destinationInbox(account)).containsExactlyElementsOf(pop3Inbox(account));
  }

  // ---- helpers ----

  /**
   * Clicks the row's button, found again where the table was rendered anew between finding and
   * clicking (the page refreshes its table while fetches run).
   */
  private static void clickInRow(WebDriverWait wait, By row, String idSuffix) {
    wait.until(
        d -> {
          try {
            d.findElement(row)
                .findElement(By.cssSelector("button[id$='" + idSuffix + "']"))
                .click();
            return true;
          } catch (StaleElementReferenceException e) {
            return false;
          }
        });
  }

  /** A POP3 account with its messages, and its destination mailbox under the same address. */
  private static final class Account {
    final String email;
    final String password;
    private int next;

    Account(String email, String password) {
      this.email = email;
      this.password = password;
    }

    void add(int count, int bodyBytes) throws Exception {
      try (ImapMailbox mailbox = ImapMailbox.open(pop3.host(), pop3.imapPort(), email, password)) {
        for (int i = 0; i < count; i++) {
          int n = next++;
          mailbox.append(
              "INBOX",
              ImapMailbox.message(
                  n + "." + email,
                  "Message " + n + " for " + email,
                  "Tue, 1 Dec 2026 10:" + String.format("%02d", n % 60) + ":00 +0000",
                  bodyBytes + 37 * n),
              null,
              Instant.parse("2026-12-01T12:00:00Z"));
        }
      }
    }
  }

  private static Account account(String name, int messages) throws Exception {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 6) + "@pop3.test";
    Account account = new Account(email, "pw-" + UUID.randomUUID().toString().substring(0, 8));
    pop3.addUser(email, account.password);
    destination.addUser(email, "unused-" + UUID.randomUUID());
    account.add(messages, 2_000);
    return account;
  }

  private static JsonObjectBuilder request(Account account, String security, int port) {
    return Json.createObjectBuilder()
        .add("email", account.email)
        .add("host", "127.0.0.1")
        .add("port", port)
        .add("security", security)
        .add("login", account.email)
        .add("password", account.password);
  }

  private static long create(
      Account account,
      String security,
      int port,
      java.util.function.Consumer<JsonObjectBuilder> more)
      throws Exception {
    JsonObjectBuilder body = request(account, security, port);
    more.accept(body);
    ApiClient.Answer created = api.post("api/pop3-fetches", body.build().toString());
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    return created.object().getJsonNumber("id").longValue();
  }

  private static Predicate<JsonObject> completed(int runs) {
    return f -> f.getString("status").equals("COMPLETED") && f.getInt("runs") == runs;
  }

  private static JsonObject await(long id, Predicate<JsonObject> condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = api.get("api/pop3-fetches/" + id);
      if (answer.status() == 200) {
        last = answer.object();
        if (condition.test(last)) {
          return last;
        }
        if (last.getString("status").equals("ERROR")) {
          throw new AssertionError("POP3 fetch " + id + " failed: " + last);
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("POP3 fetch " + id + " never got there; last seen: " + last);
  }

  private static JsonObject awaitError(long id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      last = api.get("api/pop3-fetches/" + id).object();
      if (last.getString("status").equals("ERROR")) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("POP3 fetch " + id + " never failed; last seen: " + last);
  }

  private static long idOf(String email) throws Exception {
    return api.get("api/pop3-fetches").body().asJsonArray().stream()
        .map(v -> v.asJsonObject())
        .filter(f -> f.getString("email").equals(email))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  /** The sha256 of each POP3 message, as the POP3 account's own IMAP view shows its octets. */
  private static List<String> pop3Inbox(Account account) throws Exception {
    try (ImapMailbox mailbox =
        ImapMailbox.open(pop3.host(), pop3.imapPort(), account.email, account.password)) {
      return hashes(mailbox.messages("INBOX"));
    }
  }

  private static List<String> destinationInbox(Account account) throws Exception {
    return destination(account, "INBOX");
  }

  private static List<String> destination(Account account, String folder) throws Exception {
    try (ImapMailbox mailbox =
        ImapMailbox.open(
            destination.host(),
            destination.imapPort(),
            destination.masterLogin(account.email),
            destination.masterPassword())) {
      return hashes(mailbox.messages(folder));
    }
  }

  private static List<String> hashes(List<MessageSnapshot> messages) {
    return messages.stream().map(m -> m.sha256() + " " + m.size()).sorted().toList();
  }

  private static Path payaraLog() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.getFileName().toString().equals("payara.log"))
          .findFirst()
          .orElseThrow();
    }
  }

  private void openBrowser() throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 900);
    browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 900));
  }

  private void logIn(WebDriverWait wait) {
    browser.get(payara.baseUrl() + "/login.xhtml");
    browser.findElement(By.id("login:user")).sendKeys(ADMIN);
    browser.findElement(By.id("login:password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("login:submit")).click();
    wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
  }

  /**
   * Picks an option of a PrimeFaces selectOneMenu as a person does; a click on the item while the
   * overlay is still fading in can be lost, so it is tried again until the menu shows the label.
   */
  private void choose(WebDriverWait wait, String menuId, String label) {
    By item = By.cssSelector("[id='" + menuId + "_items'] li[data-label='" + label + "']");
    By shown = By.id(menuId + "_label");
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        browser.findElement(By.id(menuId)).click();
        wait.until(ExpectedConditions.elementToBeClickable(item)).click();
        new WebDriverWait(browser, Duration.ofSeconds(3))
            .until(ExpectedConditions.textToBe(shown, label));
        return;
      } catch (TimeoutException | ElementNotInteractableException e) {
        // the overlay swallowed the click, or was still moving when clicked; open it again
      }
    }
    assertThat(browser.findElement(shown).getText()).as(menuId).isEqualTo(label);
  }

  private void type(String id, String text) {
    browser.findElement(By.id(id)).clear();
    browser.findElement(By.id(id)).sendKeys(text);
  }

  private void screenshot(String name) throws IOException {
    Path shots = dir.getParent().getParent().resolve("screenshots").resolve("Pop3FetchIT");
    Files.createDirectories(shots);
    Files.write(
        shots.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
