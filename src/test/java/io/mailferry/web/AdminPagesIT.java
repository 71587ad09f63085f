package io.mailferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.PayaraMicro;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The start page, the login and the admin screens in headless Chromium, against Mailferry on its
 * own Payara Micro (one per class) with an empty H2 database. Each test has its own browser, so its
 * own session; nothing a test does is needed by another. A screenshot of where each test ended is
 * kept in {@code target/screenshots/AdminPagesIT/}.
 */
class AdminPagesIT {

  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "it-" + UUID.randomUUID();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Path dir;
  private static PayaraMicro payara;

  private WebDriver browser;
  private WebDriverWait wait;
  private Path profile;

  @BeforeAll
  static void startMailferry() throws IOException {
    dir = PayaraMicro.runDirectory("admin-pages");
    Path load = Files.writeString(dir.resolve("load"), "0");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            PayaraMicro.h2PostbootFile(dir),
            Map.of(
                "MAILFERRY_ADMIN_USER",
                ADMIN,
                "MAILFERRY_ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                "MAILFERRY_SECRET_KEY",
                UUID.randomUUID().toString(),
                "MAILFERRY_DESTINATION_HOST",
                "127.0.0.1",
                "MAILFERRY_DESTINATION_PORT",
                Integer.toString(PayaraMicro.freePort()),
                "MAILFERRY_DESTINATION_SECURITY",
                "none",
                "MAILFERRY_DESTINATION_ALLOW_PLAINTEXT",
                "true",
                "MAILFERRY_MIGRATION_LOAD_FILE",
                load.toString()));
  }

  @AfterAll
  static void stopMailferry() {
    if (payara != null) {
      payara.stop();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 900);
    browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 900));
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    if (browser == null) {
      return;
    }
    try {
      Path shots = dir.getParent().getParent().resolve("screenshots").resolve("AdminPagesIT");
      Files.createDirectories(shots);
      Files.write(
          shots.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.err.println("no screenshot of " + test.getDisplayName() + ": " + e);
    } finally {
      browser.quit();
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + profile + ": " + e);
    }
  }

  @Test
  void startPageOffersSignUpAtTheTopRight() {
    browser.get(payara.baseUrl() + "/");

    WebElement signUp = browser.findElement(By.id("signup"));
    assertThat(signUp.getText()).isEqualTo("Sign up / migrate my account");
    Rectangle box = signUp.getRect();
    long width = windowWidth();
    assertThat(box.getX() + box.getWidth()).isGreaterThan((int) (width * 0.8));
    assertThat(box.getY()).isLessThan(120);
  }

  @Test
  void wrongPasswordIsRefusedOnTheLoginPage() {
    browser.get(payara.baseUrl() + "/login.xhtml");
    browser.findElement(By.id("login:user")).sendKeys(ADMIN);
    browser.findElement(By.id("login:password")).sendKeys("not-the-password");
    browser.findElement(By.id("login:submit")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("login:messages"), "Wrong user name or password"));
    assertThat(browser.getCurrentUrl()).endsWith("/login.xhtml");
  }

  @Test
  void adminPagesSendAnonymousVisitorsToTheLoginPage() {
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");

    wait.until(ExpectedConditions.urlContains("/login.xhtml"));
    assertThat(browser.findElement(By.id("login:submit")).isDisplayed()).isTrue();
  }

  @Test
  void adminSeesTheDashboardAfterLogin() {
    logIn();

    assertThat(browser.getCurrentUrl()).endsWith("/admin/index.xhtml");
    assertThat(heading()).isEqualTo("Dashboard");
    String page = text(By.id("dashboard:live"));
    assertThat(page)
        .contains("QUEUED", "WAITING", "RUNNING", "COMPLETED", "ERROR")
        .contains("Mailboxes copying now", "Load gate", "Open", "load 0 %");
    assertThat(browser.findElements(By.cssSelector("#menu a.ui-menuitem-link")))
        .extracting(WebElement::getText)
        .containsExactly(
            "Dashboard",
            "Domains",
            "Migrations",
            "Batches",
            "Jobs",
            "Usage",
            "IMAP tool",
            "POP3 fetch",
            "Restore");
  }

  @Test
  void theDashboardShowsTheGateThrottlingAndClosingAndCountsItSinceTheInstanceStarted()
      throws Exception {
    logIn();
    Path load = dir.resolve("load");
    WebDriverWait gateWait = new WebDriverWait(browser, Duration.ofSeconds(60));
    try {
      // over the threshold (70 %), under the hard one (90 %): throttled, not closed
      Files.writeString(load, "0.8");
      gateWait.until(ExpectedConditions.textToBe(By.id("dashboard:gateState"), "Throttled"));
      String gate = text(By.id("dashboard:gate"));
      assertThat(gate)
          .contains("load 80 %", "mailboxes may copy", "is at or above 70 %")
          .contains("Since this instance started");
      assertThat(Long.parseLong(text(By.id("gateThrottles")))).isPositive();
      shoot("dashboardWithTheGateThrottled");

      Files.writeString(load, "0.95");
      gateWait.until(ExpectedConditions.textToBe(By.id("dashboard:gateState"), "Closed"));
      assertThat(Long.parseLong(text(By.id("gateClosures")))).isPositive();
      assertThat(text(By.id("dashboard:gate"))).contains("is at or above 90 %, no mailbox copies");
      assertThat(text(By.id("dashboard:instances")))
          .contains("Load gate", "Closed", "0 may copy", "closures");
      assertThat(windowWidth()).as("nothing overflows").isLessThanOrEqualTo(1400);
      ((JavascriptExecutor) browser)
          .executeScript(
              "arguments[0].scrollIntoView()", browser.findElement(By.id("dashboard:gate")));
      shoot("dashboardWithTheGateClosed");
    } finally {
      Files.writeString(load, "0");
      // the gate grows back one mailbox per sample: the other tests expect it open
      gateWait.until(ExpectedConditions.textToBe(By.id("dashboard:gateState"), "Open"));
    }
  }

  @Test
  void domainAddedOnTheDomainsPageIsListedAndServedByTheApi() throws Exception {
    String name = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
    logIn();
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");

    openAddDomainDialog();
    browser.findElement(By.id("domainForm:name")).sendKeys(name);
    browser.findElement(By.id("domainForm:host")).sendKeys("imap.example.org");
    choose("domainForm:security", "STARTTLS");
    browser.findElement(By.id("domainForm:exclude")).sendKeys("Trash\nArchive/20*");
    browser.findElement(By.id("domainForm:save")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("domainsForm:table"), name));
    assertThat(text(By.id("messages"))).contains("The domain " + name + " was added.");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("domainDialog")));

    ApiClient api = new ApiClient(URI.create(payara.baseUrl() + "/api/"), ADMIN, ADMIN_PASSWORD);
    ApiClient.Answer answer = api.get("domains/" + name);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonObject domain = answer.object();
    assertThat(domain.getString("host")).isEqualTo("imap.example.org");
    assertThat(domain.getString("security")).isEqualTo("starttls");
    assertThat(domain.getInt("port")).isEqualTo(143);
    assertThat(domain.getString("excludeFolders")).isEqualTo("Trash\nArchive/20*");
    assertThat(domain.getBoolean("copyDeleted")).as("the page's default").isTrue();

    assertThat(api.put("domains/" + name, "{\"copyDeleted\":false}").status()).isEqualTo(200);
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("domainsForm:table"), "excludes; skips deleted"));
  }

  @Test
  void domainDialogShowsWhyTheServiceRefusedTheSettings() {
    logIn();
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");

    openAddDomainDialog();
    browser.findElement(By.id("domainForm:name")).sendKeys("no-host.example.org");
    browser.findElement(By.id("domainForm:save")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("domainForm:dialogMessages"), "Host is required"));
    assertThat(browser.findElement(By.id("domainDialog")).isDisplayed()).isTrue();
    assertThat(browser.getPageSource()).doesNotContain("Exception");
  }

  @Test
  void aNewSourceHostIsSavedOnlyOnceConfirmed() throws Exception {
    String name = "move-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
    ApiClient api = new ApiClient(URI.create(payara.baseUrl() + "/api/"), ADMIN, ADMIN_PASSWORD);
    assertThat(api.put("domains/" + name, "{\"host\":\"imap.old.example\"}").status())
        .isEqualTo(200);
    logIn();
    browser.get(payara.baseUrl() + "/admin/domains.xhtml");
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[title='Edit " + name + "']")))
        .click();
    WebElement host =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("domainForm:host")));
    host.clear();
    host.sendKeys("imap.new.example");
    browser.findElement(By.id("domainForm:save")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("domainForm:dialogMessages"), "wipes the stored source passwords"));
    WebElement confirm =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.id("domainForm:confirmHostChange")));
    assertThat(api.get("domains/" + name).object().getString("host")).isEqualTo("imap.old.example");
    Path shots = dir.getParent().getParent().resolve("screenshots").resolve("AdminPagesIT");
    Files.createDirectories(shots);
    Files.write(
        shots.resolve("aNewSourceHostAsksForConfirmation.png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

    confirm.findElement(By.cssSelector(".ui-chkbox-box")).click();
    browser.findElement(By.id("domainForm:save")).click();

    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("domainDialog")));
    assertThat(text(By.id("messages"))).contains("The domain " + name + " was updated.");
    assertThat(api.get("domains/" + name).object().getString("host")).isEqualTo("imap.new.example");
  }

  @Test
  void migrationsPageSaysThereAreNoMailboxesYet() {
    logIn();
    browser.get(payara.baseUrl() + "/admin/migrations.xhtml");

    assertThat(heading()).isEqualTo("Mailbox migrations");
    assertThat(text(By.id("migrationsForm:table"))).contains("No mailbox migrations yet");
    assertThat(text(By.id("queuePanel"))).contains("Queue a mailbox");
  }

  @Test
  void jobsPageSaysNoJobHasRunYet() {
    logIn();
    browser.get(payara.baseUrl() + "/admin/jobs.xhtml");

    assertThat(heading()).isEqualTo("Job history");
    assertThat(text(By.id("jobsForm:table"))).contains("No migration jobs have run yet.");
  }

  @Test
  void logOutEndsTheSession() {
    logIn();

    browser.findElement(By.id("menu:logout")).click();

    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signup")));
    browser.get(payara.baseUrl() + "/admin/index.xhtml");
    wait.until(ExpectedConditions.urlContains("/login.xhtml"));
  }

  private void logIn() {
    browser.get(payara.baseUrl() + "/login.xhtml");
    browser.findElement(By.id("login:user")).sendKeys(ADMIN);
    browser.findElement(By.id("login:password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("login:submit")).click();
    wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
  }

  /**
   * Picks an option of a PrimeFaces selectOneMenu as a person does. A click on the item while the
   * overlay is still fading in can be lost, so it is tried again until the menu shows the label.
   */
  private void choose(String menuId, String label) {
    By menu = By.id(menuId);
    By item = By.cssSelector("[id='" + menuId + "_items'] li[data-label='" + label + "']");
    By shown = By.id(menuId + "_label");
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        browser.findElement(menu).click();
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

  private void openAddDomainDialog() {
    browser.findElement(By.id("tools:add")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("domainForm:name")));
  }

  /** Keeps a screenshot of the page as it is now under {@code target/screenshots/AdminPagesIT}. */
  private void shoot(String name) throws IOException {
    Path shots = dir.getParent().getParent().resolve("screenshots").resolve("AdminPagesIT");
    Files.createDirectories(shots);
    Files.write(
        shots.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private String heading() {
    return text(By.cssSelector(".mf-heading h1"));
  }

  private String text(By locator) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator)).getText();
  }

  private long windowWidth() {
    Object width =
        ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth");
    assertThat(width).isInstanceOf(Number.class);
    return ((Number) width).longValue();
  }
}
