package io.mailferry.testing;

import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium for the Selenium tests: headless, with a fresh profile, and with every
 * background connection off (this machine reaches nothing but the package registries).
 */
public final class HeadlessChromium {

  private HeadlessChromium() {}

  /** The options for a browser window of this size, its profile under {@code profile}. */
  public static ChromeOptions options(Path profile, int width, int height) {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    return options;
  }
}
