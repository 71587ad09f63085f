package io.mailferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.CountingProxy;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.PostgresServer;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
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
 * Two Payara Micro instances on one PostgreSQL (started as the README deploys them, with {@code
 * server-config/postgresql.asadmin}) and one source Dovecot behind a connection-counting proxy:
 * they share a dozen mailboxes under one ceiling, a second instance starting while the first copies
 * takes nothing over, and the mailboxes of an instance killed with SIGKILL mid-copy are finished by
 * the other once their leases run out, each exactly once. And the WAR deployed alone on a bare
 * Payara Micro starts on the embedded H2 database.
 */
class ClusterIT {

  private static final String DOMAIN = "cluster.test";
  private static final String PASSWORD = "cluster-pw";
  private static final int MAILBOXES = 12;
  private static final int ROLLING_MAILBOXES = 8;
  private static final int MESSAGES = 800;

  /**
   * What each source connection passes before it stands still again: more than two chunks of 50
   * messages of about 3 KB (read ahead, so at least one is recorded), far less than a mailbox.
   */
  private static final long MID_COPY_BYTES = 600_000;

  private static final int LEASE_SECONDS = 6;
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<PayaraMicro> instances = new ArrayList<>();

  /** Per mailbox, every instance seen copying it, in order. */
  private final Map<String, List<String>> copiers = new TreeMap<>();

  @AfterEach
  void stop() throws Exception {
    instances.forEach(PayaraMicro::stop);
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  @Test
  void twoInstancesShareTheQueueAndTheCeilingAndFinishTheMailboxesOfAKilledOne() throws Exception {
    Fixture f = fixture("cluster", MAILBOXES);
    DovecotServer source = f.source();
    DovecotServer destination = f.destination();
    CountingProxy proxy = f.proxy();
    List<String> emails = f.emails();
    Path dir = f.dir();
    Path postboot = f.postboot();
    Map<String, String> env = f.env();

    Path loadA = Files.writeString(dir.resolve("load-a"), "1");
    PayaraMicro a = start(postboot, env, "node-a", loadA);
    ApiClient apiA = api(a);
    String idA = apiA.get("api/cluster").object().getString("instance");
    assertThat(idA).startsWith("node-a-");
    int ceiling = queue(apiA, f);

    // A copies as many as the ceiling allows, the source standing still under them (held from
    // the start: the gate lets one more mailbox in per load sample, the first would finish)
    proxy.hold();
    Files.writeString(loadA, "0");
    awaitCluster(apiA, c -> copying(c, idA).size() == ceiling, "A copying " + ceiling);
    Set<String> heldByA = copying(apiA.get("api/cluster").object(), idA);
    assertThat(heldByA).hasSize(ceiling);

    // B starts while A copies, and lives through two lease periods: it takes nothing over
    Path loadB = Files.writeString(dir.resolve("load-b"), "0");
    PayaraMicro b = start(postboot, env, "node-b", loadB);
    ApiClient apiB = api(b);
    String idB = apiB.get("api/cluster").object().getString("instance");
    assertThat(idB).startsWith("node-b-");
    JsonObject cluster =
        awaitCluster(
            apiB,
            c -> {
              JsonObject self = member(c, idB);
              return self != null
                  && Duration.between(
                              Instant.parse(self.getString("startedAt")),
                              Instant.parse(self.getString("heartbeatAt")))
                          .toSeconds()
                      > 2L * LEASE_SECONDS;
            },
            "B alive for two lease periods");
    assertThat(member(cluster, idA).getBoolean("alive")).isTrue();
    assertThat(copying(cluster, idA)).as("A still copies what it copied").isEqualTo(heldByA);
    assertThat(copying(cluster, idB)).as("B has taken nothing").isEmpty();
    for (String email : heldByA) {
      assertThat(apiB.get("api/migrations/" + email).object().getString("status"))
          .isEqualTo("RUNNING");
    }
    assertThat(Files.readString(a.logFile()) + Files.readString(b.logFile()))
        .as("no mailbox queued again, no job execution marked failed")
        .doesNotContain("queued again")
        .doesNotContain("marked FAILED");
    assertThat(proxy.open()).isEqualTo(ceiling);

    // released a little, A's copies move on and stand still again, mid-copy: A is killed there
    proxy.releaseFor(MID_COPY_BYTES);
    awaitCondition("the copies of A mid-copy", () -> midCopy(apiA, heldByA));
    Map<String, PayaraMicro> byId = Map.of(idA, a, idB, b);
    String killed = idA;
    String survivor = idB;
    ApiClient api = apiB;
    Set<String> killedWith = copying(api.get("api/cluster").object(), killed);
    assertThat(killedWith).as(killed + " copying when killed").isEqualTo(heldByA);
    Map<String, Long> doneAtKill = new TreeMap<>();
    for (String email : killedWith) {
      doneAtKill.put(
          email,
          api.get("api/migrations/" + email).object().getJsonNumber("messagesDone").longValue());
    }
    a.kill();
    instances.remove(a);
    proxy.release();

    for (String email : emails) {
      awaitStatusWatching(api, survivor, email, "COMPLETED");
    }
    String survivorLog = Files.readString(byId.get(survivor).logFile());
    for (String email : killedWith) {
      assertThat(survivorLog)
          .as(survivor + " recovered " + email + " once the lease of " + killed + " ran out")
          .containsPattern(
              "whose lease ran out: .*"
                  + Pattern.quote(email)
                  + " \\(from "
                  + Pattern.quote(killed));
      assertThat(copiers.get(email)).as("finished by " + survivor).last().isEqualTo(survivor);
    }
    assertThat(copiers.values().stream().flatMap(List::stream).distinct())
        .as("the mailboxes spread over both instances")
        .contains(idA, idB);
    assertThat(proxy.highWaterMark())
        .as("source connections open at once over both instances")
        .isLessThanOrEqualTo(ceiling);

    assertEveryMailboxEqualsItsSource(api, f);
    assertThat(dashboard(byId.get(survivor), "two-instances"))
        .contains(idA, idB, "silent", "alive", "this one", "PostgreSQL");

    Map<String, String> finishedBy =
        copiers.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> e.getValue().get(e.getValue().size() - 1),
                    (x, y) -> y,
                    TreeMap::new));
    System.out.println(
        "ClusterIT kill -9: A="
            + idA
            + " B="
            + idB
            + "; killed "
            + killed
            + " while it copied "
            + doneAtKill
            + " (messages done) when killed; copied by (in order) "
            + copiers
            + "; finished by "
            + finishedBy
            + "; source connections at once at most "
            + proxy.highWaterMark()
            + " of ceiling "
            + ceiling
            + "; "
            + MAILBOXES
            + " mailboxes of "
            + MESSAGES
            + " messages equal to their source");
  }

  @Test
  void aRollingRestartOfBothInstancesLosesNothingAndCopiesNothingTwice() throws Exception {
    Fixture f = fixture("rolling", ROLLING_MAILBOXES);
    CountingProxy proxy = f.proxy();
    Path loadA = Files.writeString(f.dir().resolve("load-a"), "1");
    Path loadB = Files.writeString(f.dir().resolve("load-b"), "1");
    PayaraMicro a = start(f.postboot(), f.env(), "node-a", loadA);
    PayaraMicro b = start(f.postboot(), f.env(), "node-b", loadB);
    ApiClient apiA = api(a);
    ApiClient apiB = api(b);
    String idA = apiA.get("api/cluster").object().getString("instance");
    String idB = apiB.get("api/cluster").object().getString("instance");
    int ceiling = queue(apiA, f);

    // A alone opens its gate and copies as many as the ceiling allows, held mid-copy
    proxy.hold();
    Files.writeString(loadA, "0");
    awaitCluster(apiB, c -> copying(c, idA).size() == ceiling, "A copying " + ceiling);
    Set<String> stoppedWithA = copying(apiB.get("api/cluster").object(), idA);
    proxy.releaseFor(MID_COPY_BYTES);
    awaitCondition("the copies of A mid-copy", () -> midCopy(apiB, stoppedWithA));

    // A is stopped as a rolling deployment stops it (SIGTERM) while its copies move on a little
    proxy.releaseFor(MID_COPY_BYTES);
    boolean aExitedByItself = a.stop();
    instances.remove(a);

    // A starts again behind a closed gate; B, until now behind one too, takes the work up
    Files.writeString(loadA, "1");
    PayaraMicro a2 = start(f.postboot(), f.env(), "node-a", loadA);
    ApiClient apiA2 = api(a2);
    String idA2 = apiA2.get("api/cluster").object().getString("instance");
    proxy.hold();
    Files.writeString(loadB, "0");
    int left = (int) f.emails().stream().filter(e -> !completed(apiA2, e)).count();
    int expected = Math.min(ceiling, left);
    awaitCluster(apiA2, c -> copying(c, idB).size() == expected, "B copying " + expected);
    Set<String> stoppedWithB = copying(apiA2.get("api/cluster").object(), idB);
    Map<String, Long> doneWhenBTookThem = messagesDone(apiA2, stoppedWithB);
    proxy.releaseFor(MID_COPY_BYTES);
    awaitCondition(
        "the copies of B moved on, mid-copy",
        () -> {
          Map<String, Long> now = messagesDone(apiA2, stoppedWithB);
          return midCopy(apiA2, stoppedWithB)
              && stoppedWithB.stream().allMatch(e -> now.get(e) > doneWhenBTookThem.get(e));
        });

    // then B is stopped the same way, and the new A finishes everything
    proxy.releaseFor(MID_COPY_BYTES);
    boolean bExitedByItself = b.stop();
    instances.remove(b);
    proxy.release();
    Files.writeString(loadA, "0");
    for (String email : f.emails()) {
      awaitStatusWatching(apiA2, idA2, email, "COMPLETED");
    }

    assertEveryMailboxEqualsItsSource(apiA2, f);
    assertThat(proxy.highWaterMark())
        .as("source connections open at once over all instances")
        .isLessThanOrEqualTo(ceiling);
    for (String email : stoppedWithB) {
      assertThat(copiers.get(email))
          .as(email + ": copied by B, finished by A again")
          .endsWith(idA2);
    }
    System.out.println(
        "ClusterIT rolling restart: A="
            + idA
            + " (exited by itself on SIGTERM: "
            + aExitedByItself
            + ", copying "
            + stoppedWithA
            + "), then A again="
            + idA2
            + ", B="
            + idB
            + " (exited by itself: "
            + bExitedByItself
            + ", copying "
            + stoppedWithB
            + "); copied by (in order) "
            + copiers
            + "; source connections at once at most "
            + proxy.highWaterMark()
            + " of ceiling "
            + ceiling
            + "; "
            + f.emails().size()
            + " mailboxes of "
            + MESSAGES
            + " messages equal to their source");
  }

  /** One PostgreSQL database, a source Dovecot behind a proxy and a destination, with mail. */
  private record Fixture(
      DovecotServer source,
      DovecotServer destination,
      CountingProxy proxy,
      List<String> emails,
      Path dir,
      Path postboot,
      Map<String, String> env) {}

  private Fixture fixture(String name, int mailboxes) throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    String database = postgres.createUniqueDatabase(name);
    DovecotServer source =
        DovecotServer.builder(name + "-src").layout(Layout.DOT_INBOX_PREFIX).start();
    resources.add(source);
    DovecotServer destination =
        DovecotServer.builder(name + "-dst").layout(Layout.SLASH_NO_PREFIX).start();
    resources.add(destination);
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < mailboxes; i++) {
      String email = "user" + i + "@" + DOMAIN;
      emails.add(email);
      source.addUser(email, PASSWORD);
      destination.addUser(email, PASSWORD);
      new MaildirCorpus(source, email, 100 + i).add(MESSAGES, 3_000);
    }
    CountingProxy proxy = new CountingProxy(source.host(), source.imapPort());
    resources.add(proxy);

    Path dir = PayaraMicro.runDirectory(name);
    Path postboot =
        Files.copy(
            Path.of(System.getProperty("project.build.directory"))
                .getParent()
                .resolve("server-config/postgresql.asadmin"),
            dir.resolve("postgresql.asadmin"));
    Map<String, String> env = new HashMap<>();
    env.put("MAILFERRY_DB_HOST", postgres.host());
    env.put("MAILFERRY_DB_PORT", Integer.toString(postgres.port()));
    env.put("MAILFERRY_DB_NAME", database);
    env.put("MAILFERRY_DB_USER", postgres.user());
    env.put("MAILFERRY_DB_PASSWORD", postgres.password());
    env.put("MAILFERRY_SECRET_KEY", "cluster-it-key");
    env.put("MAILFERRY_DESTINATION_HOST", "127.0.0.1");
    env.put("MAILFERRY_DESTINATION_PORT", Integer.toString(destination.imapPort()));
    env.put("MAILFERRY_DESTINATION_SECURITY", "none");
    env.put("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true");
    env.put("MAILFERRY_MIGRATION_CHUNK_MESSAGES", "50");
    env.put("MAILFERRY_CLUSTER_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
    return new Fixture(source, destination, proxy, emails, dir, postboot, env);
  }

  /**
   * Points the domain at the proxy and queues every mailbox (the instance's gate closed, so nothing
   * starts yet).
   *
   * @return the ceiling of copies at once
   */
  private static int queue(ApiClient api, Fixture f) throws Exception {
    assertThat(
            api.put(
                    "api/domains/" + DOMAIN,
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + f.proxy().port()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    api.awaitLoadGate(false, WAIT);
    for (String email : f.emails()) {
      assertThat(api.queueMigration(email, PASSWORD).status()).isEqualTo(202);
    }
    int ceiling = api.slots().getInt("capacity");
    // the logins checked while queueing are over; from here on only copies connect
    awaitCondition("the queueing logins to close", () -> f.proxy().open() == 0);
    f.proxy().resetHighWaterMark();
    return ceiling;
  }

  private static void assertEveryMailboxEqualsItsSource(ApiClient api, Fixture f) throws Exception {
    for (String email : f.emails()) {
      JsonObject done = api.get("api/migrations/" + email).object();
      assertThat(done.getString("status")).isEqualTo("COMPLETED");
      assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(MESSAGES);
      try (ImapMailbox from =
              ImapMailbox.open(f.source().host(), f.source().imapPort(), email, PASSWORD);
          ImapMailbox to =
              ImapMailbox.open(
                  f.destination().host(), f.destination().imapPort(), email, PASSWORD)) {
        assertThat(to.messages("INBOX"))
            .as(email + ": every message exactly once")
            .containsExactlyElementsOf(from.messages("INBOX"));
      }
    }
  }

  /** The instance's log says it took these mailboxes over once the stopped one's lease ran out. */
  private static void assertRecovered(PayaraMicro by, Set<String> emails, String stopped)
      throws Exception {
    String log = Files.readString(by.logFile());
    for (String email : emails) {
      assertThat(log)
          .as(email + " taken over once the lease of " + stopped + " ran out")
          .containsPattern(
              "whose lease ran out: .*"
                  + Pattern.quote(email)
                  + " \\(from "
                  + Pattern.quote(stopped));
    }
  }

  private static Map<String, Long> messagesDone(ApiClient api, Set<String> emails) {
    Map<String, Long> done = new TreeMap<>();
    for (String email : emails) {
      try {
        done.put(
            email,
            api.get("api/migrations/" + email).object().getJsonNumber("messagesDone").longValue());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return done;
  }

  private static boolean completed(ApiClient api, String email) {
    try {
      return "COMPLETED".equals(api.get("api/migrations/" + email).object().getString("status"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theWarDeployedAloneOnABarePayaraMicroStartsOnTheEmbeddedH2Database() throws Exception {
    Path dir = PayaraMicro.runDirectory("bare");
    Path noCommands = Files.writeString(dir.resolve("no-commands.asadmin"), "");
    PayaraMicro bare =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            noCommands,
            Map.of("MAILFERRY_SECRET_KEY", "bare-it-key"));
    instances.add(bare);
    ApiClient api = api(bare);
    JsonObject cluster = api.get("api/cluster").object();
    assertThat(cluster.getBoolean("embeddedDatabase")).isTrue();
    assertThat(cluster.getString("database")).contains("H2").contains("databases");
    assertThat(
            api.put(
                    "api/domains/bare.test",
                    "{\"host\":\"127.0.0.1\",\"port\":"
                        + PayaraMicro.freePort()
                        + ",\"security\":\"none\",\"allowPlaintext\":true}")
                .status())
        .isEqualTo(200);
    assertThat(api.get("api/domains/bare.test").status()).isEqualTo(200);
    assertThat(Files.readString(bare.logFile()))
        .contains("No jdbc/mailferry pool is configured")
        .doesNotContain("JNDI lookup failed");
    assertThat(dashboard(bare, "bare-war"))
        .contains("Embedded database", "embedded H2", "no jdbc/mailferry pool", "this one");
  }

  /**
   * The Instances panel of the dashboard as Chromium shows it to the admin; a screenshot is kept in
   * {@code target/screenshots/ClusterIT/}.
   */
  private static String dashboard(PayaraMicro payara, String name) throws Exception {
    Path dir = PayaraMicro.runDirectory("chromium-" + name);
    ChromeOptions options = HeadlessChromium.options(dir, 1400, 1100);
    WebDriver browser = new ChromeDriver(options);
    try {
      browser.manage().window().setSize(new Dimension(1400, 1100));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
      browser.get(payara.baseUrl() + "/login.xhtml");
      browser.findElement(By.id("login:user")).sendKeys(TestAdmin.USER);
      browser.findElement(By.id("login:password")).sendKeys(TestAdmin.PASSWORD);
      browser.findElement(By.id("login:submit")).click();
      wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard:cluster")));
      String text = browser.findElement(By.id("dashboard:cluster")).getText();
      Path shots =
          Path.of(System.getProperty("project.build.directory"), "screenshots", "ClusterIT");
      Files.createDirectories(shots);
      Files.write(
          shots.resolve(name + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      return text;
    } finally {
      browser.quit();
    }
  }

  private PayaraMicro start(Path postboot, Map<String, String> env, String name, Path load) {
    Map<String, String> own = new HashMap<>(env);
    own.put("MAILFERRY_CLUSTER_INSTANCE_ID", name);
    own.put("MAILFERRY_MIGRATION_LOAD_FILE", load.toString());
    PayaraMicro payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            postboot,
            own,
            List.of(),
            List.of("--addlibs", PayaraMicro.postgresDriver().toString()));
    instances.add(payara);
    return payara;
  }

  private static ApiClient api(PayaraMicro payara) {
    return new ApiClient(URI.create(payara.baseUrl() + "/"), TestAdmin.USER, TestAdmin.PASSWORD);
  }

  private static JsonObject member(JsonObject cluster, String id) {
    return cluster.getJsonArray("instances").stream()
        .map(JsonValue::asJsonObject)
        .filter(m -> m.getString("id").equals(id))
        .findFirst()
        .orElse(null);
  }

  private static Set<String> copying(JsonObject cluster, String id) {
    JsonObject member = member(cluster, id);
    return member == null
        ? Set.of()
        : member.getJsonArray("copying").stream()
            .map(v -> ((jakarta.json.JsonString) v).getString())
            .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Whether each of these mailboxes is running with part of it copied. */
  private static boolean midCopy(ApiClient api, Set<String> emails) {
    try {
      int mid = 0;
      for (String email : emails) {
        JsonObject m = api.get("api/migrations/" + email).object();
        long done = m.getJsonNumber("messagesDone").longValue();
        if ("RUNNING".equals(m.getString("status")) && done > 0 && done < MESSAGES) {
          mid++;
        }
      }
      return mid == emails.size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code GET /api/cluster}, noting who copies what, until the condition holds. */
  private JsonObject awaitCluster(ApiClient api, Predicate<JsonObject> condition, String what)
      throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = api.get("api/cluster");
      if (answer.status() == 200) {
        last = answer.object();
        note(last);
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " within " + WAIT + "; last seen: " + last);
  }

  private void awaitStatusWatching(ApiClient api, String self, String email, String status)
      throws Exception {
    awaitCluster(
        api,
        c -> {
          try {
            return status.equals(api.get("api/migrations/" + email).object().getString("status"));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        email + " " + status + " on " + self);
  }

  private void note(JsonObject cluster) {
    for (JsonValue value : cluster.getJsonArray("instances")) {
      JsonObject member = value.asJsonObject();
      for (String email : copying(cluster, member.getString("id"))) {
        List<String> seen = copiers.computeIfAbsent(email, k -> new ArrayList<>());
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(member.getString("id"))) {
          seen.add(member.getString("id"));
        }
      }
    }
  }

  private static void awaitCondition(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no " + what + " within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
