package io.mailferry.config;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Typed access to every {@code mailferry.*} key. */
@ApplicationScoped
public class MailferryConfig {

  private static final int HARD_CEILING = 6;

  /** The admin password of the demo (run.sh prints it); refused outside demo mode. */
  public static final String DEMO_ADMIN_PASSWORD = "admin";

  /** Reads a raw value; null for MicroProfile Config (the application's). */
  private final Function<String, Optional<String>> values;

  public MailferryConfig() {
    this.values = null;
  }

  private MailferryConfig(Function<String, Optional<String>> values) {
    this.values = values;
  }

  /** A configuration of fixed values, for tests and tools. */
  public static MailferryConfig of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new MailferryConfig(key -> Optional.ofNullable(copy.get(key)));
  }

  private Optional<String> raw(String key) {
    if (values != null) {
      return values.apply(key);
    }
    Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
    return config.getOptionalValue(key, String.class);
  }

  private String string(String key, String fallback) {
    return raw(key).map(String::trim).orElse(fallback);
  }

  private Optional<String> optional(String key) {
    return raw(key).map(String::trim).filter(s -> !s.isEmpty());
  }

  private boolean bool(String key) {
    return Boolean.parseBoolean(string(key, "false"));
  }

  private int integer(String key, int fallback) {
    return optional(key).map(Integer::parseInt).orElse(fallback);
  }

  public String adminUser() {
    return string("mailferry.admin.user", "admin");
  }

  /**
   * The admin password as configured: plain text or {@code {SHA512-CRYPT}$6$...}; empty when unset
   * (demo mode then uses {@link #DEMO_ADMIN_PASSWORD}).
   */
  public Optional<String> adminPassword() {
    return optional("mailferry.admin.password");
  }

  /** Failed admin logins from one client address per {@link #adminLoginWindow()}. */
  public int adminMaxFailedLogins() {
    return Math.max(1, integer("mailferry.admin.max-failed-logins", 10));
  }

  public Duration adminLoginWindow() {
    return Duration.ofMinutes(Math.max(1, integer("mailferry.admin.login-window-minutes", 15)));
  }

  /** Redirect plain HTTP to HTTPS, refuse it for other methods, Secure cookies, HSTS. */
  public boolean requireHttps() {
    return bool("mailferry.http.require-https");
  }

  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose {@code X-Forwarded-For} and {@code
   * X-Forwarded-Proto} are believed; nobody's by default.
   */
  public List<String> trustedProxies() {
    return optional("mailferry.http.trusted-proxies")
        .map(list -> Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  public ServerEndpoint destination() {
    Security security = Security.parse(string("mailferry.destination.security", "ssl"));
    return new ServerEndpoint(
        string("mailferry.destination.host", "localhost"),
        integer("mailferry.destination.port", security == Security.SSL ? 993 : 143),
        security,
        bool("mailferry.destination.allow-plaintext"),
        optional("mailferry.destination.trusted-cert").orElse(null));
  }

  public Optional<String> destinationMasterUser() {
    return optional("mailferry.destination.master-user");
  }

  public String destinationMasterPassword() {
    return string("mailferry.destination.master-password", "");
  }

  public String destinationMasterSeparator() {
    return string("mailferry.destination.master-separator", "*");
  }

  public String provisioner() {
    return string("mailferry.provisioner", "none");
  }

  public String provisionerSetting(String name, String fallback) {
    return string("mailferry.provisioner." + name, fallback);
  }

  /** A {@code mailferry.restore.*} setting (data restoration; see RestoreSettings). */
  public String restoreSetting(String name, String fallback) {
    return string("mailferry.restore." + name, fallback);
  }

  public Optional<String> secretKey() {
    return optional("mailferry.secret-key");
  }

  /** Keys used before the current one, comma-separated: stored passwords sealed under them. */
  public List<String> previousSecretKeys() {
    return optional("mailferry.secret-key.previous")
        .map(
            list ->
                Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  public boolean demo() {
    return bool("mailferry.demo");
  }

  /** The demo source IMAP server's port on 127.0.0.1 (run.sh starts it). */
  public int demoSourcePort() {
    return integer("mailferry.demo.source-port", 3143);
  }

  /** Mailboxes copied at once, across all job executions: min(CPUs + 1, 6, configured). */
  public int maxConcurrentMailboxes() {
    return Concurrency.ceiling(
        Runtime.getRuntime().availableProcessors(),
        integer("mailferry.migration.max-concurrent", HARD_CEILING));
  }

  public double loadThreshold() {
    return Double.parseDouble(string("mailferry.migration.load-threshold", "0.7"));
  }

  /** The gate opens again only this far below the threshold (0.1 = ten points). */
  public double loadReopenMargin() {
    return Double.parseDouble(string("mailferry.migration.load-reopen-margin", "0.1"));
  }

  /** At or above this load no mailbox copies; between the threshold and it, fewer copy. */
  public double loadHardThreshold() {
    return Double.parseDouble(string("mailferry.migration.load-hard-threshold", "0.9"));
  }

  /** Mailboxes that keep copying while the load is over the threshold but under the hard one. */
  public int loadThrottleFloor() {
    return integer("mailferry.migration.load-throttle-floor", 1);
  }

  public Duration loadSampleInterval() {
    return Duration.ofSeconds(integer("mailferry.migration.load-sample-seconds", 5));
  }

  /** A file holding the load ratio, read instead of the system's load average (ops, tests). */
  public Optional<String> loadFile() {
    return optional("mailferry.migration.load-file");
  }

  public Duration migrationTimeout() {
    return Duration.ofMinutes(
        Math.round(Double.parseDouble(string("mailferry.migration.timeout-hours", "24")) * 60));
  }

  /** How long a completed mailbox keeps its encrypted source password for resyncs. */
  public Duration passwordRetention() {
    double days = Double.parseDouble(string("mailferry.migration.password-retention-days", "30"));
    return Duration.ofMinutes(Math.round(days * 24 * 60));
  }

  public int maxMessageErrors() {
    return integer("mailferry.migration.max-message-errors", 50);
  }

  /**
   * How long a mailbox stays with the instance that took it without a heartbeat of that instance;
   * after that another instance resumes it from its checkpoints. The heartbeat renews leases five
   * times per period.
   */
  public Duration clusterLease() {
    return Duration.ofSeconds(Math.max(2, integer("mailferry.cluster.lease-seconds", 30)));
  }

  /** This instance's name in the cluster (a random suffix is added); none: the host name. */
  public Optional<String> clusterInstanceId() {
    return optional("mailferry.cluster.instance-id");
  }

  public int chunkMessages() {
    return Math.max(1, integer("mailferry.migration.chunk-messages", 500));
  }

  public Duration connectTimeout() {
    return Duration.ofSeconds(integer("mailferry.migration.connect-timeout-seconds", 20));
  }

  public Duration readTimeout() {
    return Duration.ofSeconds(integer("mailferry.migration.read-timeout-seconds", 120));
  }

  public int retries() {
    return integer("mailferry.migration.retries", 5);
  }

  /** Sign-up and status checks from one client address per {@link #signupWindow()}. */
  public int signupMaxPerAddress() {
    return Math.max(1, integer("mailferry.signup.max-per-address", 20));
  }

  /** Sign-up and status checks for one mail address per {@link #signupWindow()}. */
  public int signupMaxPerAccount() {
    return Math.max(1, integer("mailferry.signup.max-per-account", 5));
  }

  public Duration signupWindow() {
    return Duration.ofMinutes(Math.max(1, integer("mailferry.signup.window-minutes", 15)));
  }
}
