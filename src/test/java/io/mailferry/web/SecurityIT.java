package io.mailferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.TestAdmin;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security of the web edge (issue #12) against Mailferry on its own Payara Micro, run as behind
 * a TLS proxy: HTTPS is required, 127.0.0.1 (the test itself) is the trusted proxy, and each test
 * speaks for clients of its own through {@code X-Forwarded-For}, so that the rate limits of one
 * test do not touch another.
 */
class SecurityIT {

  private static final int MAX_FAILED_LOGINS = 3;
  private static final int MAX_PER_ADDRESS = 3;
  private static final AtomicInteger CLIENTS = new AtomicInteger(10);

  private static Path dir;
  private static Path load;
  private static PayaraMicro payara;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** An answer: status, headers, body. */
  record Reply(int status, HttpHeaders headers, String body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The session cookie this answer sets, as {@code JSESSIONID=...}, or null. */
    String sessionCookie() {
      return headers.allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("JSESSIONID="))
          .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
          .findFirst()
          .orElse(null);
    }
  }

  @BeforeAll
  static void startMailferry() throws Exception {
    dir = PayaraMicro.runDirectory("security");
    load = Files.writeString(dir.resolve("load"), "1");
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            PayaraMicro.h2PostbootFile(dir),
            Map.ofEntries(
                Map.entry("MAILFERRY_SECRET_KEY", UUID.randomUUID().toString()),
                Map.entry("MAILFERRY_DESTINATION_HOST", "127.0.0.1"),
                Map.entry("MAILFERRY_DESTINATION_PORT", Integer.toString(PayaraMicro.freePort())),
                Map.entry("MAILFERRY_DESTINATION_SECURITY", "none"),
                Map.entry("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true"),
                Map.entry("MAILFERRY_HTTP_REQUIRE_HTTPS", "true"),
                Map.entry("MAILFERRY_HTTP_TRUSTED_PROXIES", "127.0.0.1"),
                Map.entry("MAILFERRY_ADMIN_MAX_FAILED_LOGINS", Integer.toString(MAX_FAILED_LOGINS)),
                Map.entry("MAILFERRY_SIGNUP_MAX_PER_ADDRESS", Integer.toString(MAX_PER_ADDRESS)),
                Map.entry("MAILFERRY_SIGNUP_MAX_PER_ACCOUNT", "100"),
                Map.entry("MAILFERRY_MIGRATION_LOAD_FILE", load.toString())));
  }

  @AfterAll
  static void stopMailferry() {
    if (payara != null) {
      payara.stop();
    }
  }

  @Test
  void plainHttpIsRedirectedToHttpsOrRefused() throws Exception {
    Reply page = send("GET", "/signup.xhtml?x=1", Map.of(), null);
    assertThat(page.status()).isEqualTo(301);
    assertThat(page.header("Location")).isEqualTo("https://127.0.0.1/signup.xhtml?x=1");

    Reply post = send("POST", "/api/signup", Map.of("Content-Type", "application/json"), "{}");
    assertThat(post.status()).as(post.body()).isEqualTo(403);
    assertThat(post.body()).contains("HTTPS is required");

    Reply spoofed = send("GET", "/signup.xhtml", Map.of("X-Forwarded-Proto", "https"), null);
    assertThat(spoofed.status())
        .as("a client's own X-Forwarded-Proto counts only from a trusted proxy")
        .isEqualTo(200);
  }

  @Test
  void everyPageAndAnswerCarriesTheSecurityHeaders() throws Exception {
    String client = newClient();
    String session = logIn(client);
    Map<String, Reply> replies = new LinkedHashMap<>();
    for (String path :
        List.of(
            "/",
            "/index.xhtml",
            "/login.xhtml",
            "/signup.xhtml",
            "/status.xhtml",
            "/no-such-page",
            "/api/domains",
            "/resources/css/signup.css")) {
      replies.put(path, https("GET", path, client, Map.of(), null));
    }
    for (String path :
        List.of(
            "/admin/index.xhtml",
            "/admin/domains.xhtml",
            "/admin/migrations.xhtml",
            "/admin/jobs.xhtml")) {
      replies.put(
          path + " (logged in)", https("GET", path, client, Map.of("Cookie", session), null));
      replies.put(path, https("GET", path, client, Map.of(), null));
    }
    replies.put(
        "/api/signup/status",
        https(
            "POST",
            "/api/signup/status",
            client,
            Map.of("Content-Type", "application/json"),
            "{\"email\":\"a@b.test\",\"password\":\"p\"}"));

    assertThat(replies.get("/admin/domains.xhtml (logged in)").status()).isEqualTo(200);
    assertThat(replies.get("/admin/domains.xhtml").status()).isEqualTo(302);
    assertThat(replies.get("/no-such-page").status()).isEqualTo(404);
    assertThat(replies.get("/api/domains").status()).isEqualTo(401);
    replies.forEach(
        (path, reply) -> {
          assertThat(reply.header("X-Frame-Options")).as(path).isEqualTo("DENY");
          assertThat(reply.header("Content-Security-Policy"))
              .as(path)
              .isEqualTo("frame-ancestors 'none'");
          assertThat(reply.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
          assertThat(reply.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
          assertThat(reply.header("Strict-Transport-Security"))
              .as(path)
              .isEqualTo("max-age=31536000");
        });
  }

  @Test
  void theSessionCookieIsSecureHttpOnlyAndSameSiteStrict() throws Exception {
    Reply page = https("GET", "/login.xhtml", newClient(), Map.of(), null);

    String cookie =
        page.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie: " + page.headers()));
    List<String> attributes =
        List.of(cookie.split(";")).stream().map(String::trim).map(String::toLowerCase).toList();
    assertThat(attributes).contains("secure", "httponly", "samesite=strict");
  }

  @Test
  void adminLoginsThroughHttpBasicAreThrottled() throws Exception {
    String client = newClient();
    for (int i = 0; i < MAX_FAILED_LOGINS; i++) {
      assertThat(https("GET", "/api/domains", client, basic("admin", "guess-" + i), null).status())
          .isEqualTo(401);
    }

    Reply refused = https("GET", "/api/domains", client, admin(), null);

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    assertThat(refused.body()).contains("Too many attempts");
    assertThat(https("GET", "/api/domains", newClient(), admin(), null).status())
        .as("another client is not locked out")
        .isEqualTo(200);
  }

  @Test
  void adminLoginsThroughTheFormAreThrottled() throws Exception {
    String client = newClient();
    for (int i = 0; i < MAX_FAILED_LOGINS; i++) {
      Reply wrong = postLoginForm(client, "admin", "guess-" + i);
      assertThat(wrong.status()).isEqualTo(200);
      assertThat(wrong.body()).contains("Wrong user name or password");
    }

    Reply refused = postLoginForm(client, TestAdmin.USER, TestAdmin.PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body()).contains("Too many attempts");
    assertThat(logIn(newClient())).as("another client logs in").startsWith("JSESSIONID=");
  }

  @Test
  void aSpoofedForwardedForBehindTheProxyDoesNotEscapeTheLimit() throws Exception {
    String client = newClient();
    for (int i = 0; i < MAX_PER_ADDRESS; i++) {
      // what the client wrote itself, then the address the trusted proxy saw
      String chain = "198.18.0." + i + ", " + client;
      assertThat(statusCheck(chain, "who" + i + "@nowhere.test").status()).isEqualTo(401);
    }

    assertThat(statusCheck("198.18.1.1, " + client, "who@nowhere.test").status()).isEqualTo(429);
    assertThat(statusCheck(newClient(), "who@nowhere.test").status()).isEqualTo(401);
  }

  @Test
  void anIpv6ClientIsLimitedByItsSlash64() throws Exception {
    int network = CLIENTS.incrementAndGet();
    for (int i = 1; i <= MAX_PER_ADDRESS; i++) {
      String address = "2001:db8:" + network + ":1::" + i;
      assertThat(statusCheck(address, "v6-" + i + "@nowhere.test").status()).isEqualTo(401);
    }

    assertThat(statusCheck("2001:db8:" + network + ":1:ffff::9", "v6@nowhere.test").status())
        .isEqualTo(429);
    assertThat(statusCheck("2001:db8:" + network + ":2::1", "v6@nowhere.test").status())
        .isEqualTo(401);
  }

  @Test
  void theStatusCheckOfAnAddressWithoutMigrationNeverContactsTheSource() throws Exception {
    String client = newClient();
    try (ServerSocket source = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread acceptor = countConnections(source, connections);
      String domain = "oracle-" + CLIENTS.incrementAndGet() + ".test";
      assertThat(putDomain(client, domain, "127.0.0.1", source.getLocalPort(), false).status())
          .isEqualTo(200);

      Reply status = statusCheck(client, "nobody@" + domain);
      assertThat(status.status()).as(status.body()).isEqualTo(401);
      assertThat(status.body()).contains("not accepted, or this address has not signed up yet");
      assertThat(connections.get()).as("connections to the source").isZero();

      // a sign-up does log in to the source: the counter sees it
      Reply signUp =
          https(
              "POST",
              "/api/signup",
              client,
              Map.of("Content-Type", "application/json"),
              "{\"email\":\"someone@" + domain + "\",\"password\":\"guess\"}");
      assertThat(signUp.status()).as(signUp.body()).isEqualTo(502);
      assertThat(connections.get()).isPositive();
      acceptor.interrupt();
    }
  }

  @Test
  void theApiIgnoresThePageSessionAndTakesChangesAsJsonOnly() throws Exception {
    String client = newClient();
    String session = logIn(client);
    assertThat(https("GET", "/admin/jobs.xhtml", client, Map.of("Cookie", session), null).status())
        .isEqualTo(200);

    Reply crossSite =
        https(
            "POST",
            "/api/jobs/1/restart",
            client,
            Map.of(
                "Cookie",
                session,
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Origin",
                "https://evil.example"),
            "x=1");
    assertThat(crossSite.status()).as("the page session does not count on /api").isEqualTo(401);
    assertThat(https("GET", "/api/domains", client, Map.of("Cookie", session), null).status())
        .isEqualTo(401);

    Map<String, String> admin = basic(TestAdmin.USER, TestAdmin.PASSWORD);
    for (String type :
        List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; b=x")) {
      Map<String, String> headers = new LinkedHashMap<>(admin);
      headers.put("Content-Type", type);
      Reply form = https("POST", "/api/jobs/1/restart", client, headers, "x=1");
      assertThat(form.status()).as(type + ": " + form.body()).isEqualTo(415);
    }
    assertThat(https("POST", "/api/jobs/1/restart", client, admin, null).status())
        .as("no body, no type")
        .isEqualTo(415);
    Map<String, String> json = new LinkedHashMap<>(admin);
    json.put("Content-Type", "application/json");
    assertThat(https("POST", "/api/jobs/999999/restart", client, json, "").status())
        .as("the same request as JSON reaches the resource")
        .isIn(404, 409);
  }

  @Test
  void aNewSourceHostNeedsConfirmationAndWipesTheStoredPasswords() throws Exception {
    String client = newClient();
    GreenMail source = new GreenMail(new ServerSetup(0, "127.0.0.1", "imap"));
    source.start();
    try {
      String domain = "moving-" + CLIENTS.incrementAndGet() + ".test";
      String email = "paula@" + domain;
      source.setUser(email, email, "paula-password");
      int port = source.getImap().getPort();
      assertThat(putDomain(client, domain, "127.0.0.1", port, false).status()).isEqualTo(200);
      Map<String, String> json = new LinkedHashMap<>(basic(TestAdmin.USER, TestAdmin.PASSWORD));
      json.put("Content-Type", "application/json");
      Reply queued =
          https(
              "POST",
              "/api/migrations",
              client,
              json,
              "{\"email\":\"" + email + "\",\"password\":\"paula-password\"}");
      assertThat(queued.status()).as(queued.body()).isEqualTo(202);

      Reply unconfirmed = putDomain(client, domain, "localhost", port, false);
      assertThat(unconfirmed.status()).as(unconfirmed.body()).isEqualTo(409);
      assertThat(unconfirmed.body())
          .contains(
              "wipes the stored source passwords of its mailboxes that are not copying now (1)");
      assertThat(https("GET", "/api/domains/" + domain, client, json, null).body())
          .contains("\"host\":\"127.0.0.1\"");

      Reply confirmed = putDomain(client, domain, "localhost", port, true);
      assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
      assertThat(confirmed.body()).contains("\"host\":\"localhost\"");

      Files.writeString(load, "0");
      String stopped = awaitStatus(client, email, "ERROR");
      assertThat(stopped).contains("no longer stored").contains("sign up again");
    } finally {
      Files.writeString(load, "1");
      source.stop();
    }
  }

  private static String awaitStatus(String client, String email, String status) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      last = https("GET", "/api/migrations/" + email, client, admin(), null).body();
      if (last.contains("\"status\":\"" + status + "\"")) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(email + " did not become " + status + ": " + last);
  }

  private static Reply putDomain(
      String client, String domain, String host, int port, boolean confirm) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(basic(TestAdmin.USER, TestAdmin.PASSWORD));
    headers.put("Content-Type", "application/json");
    return https(
        "PUT",
        "/api/domains/" + domain + (confirm ? "?confirmHostChange=true" : ""),
        client,
        headers,
        "{\"host\":\""
            + host
            + "\",\"port\":"
            + port
            + ",\"security\":\"none\",\"allowPlaintext\":true,\"autoMigration\":true}");
  }

  /** Accepts connections on {@code source}, counts them and closes them at once. */
  private static Thread countConnections(ServerSocket source, AtomicInteger connections) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!source.isClosed()) {
                try (Socket socket = source.accept()) {
                  connections.incrementAndGet();
                } catch (Exception e) {
                  return;
                }
              }
            },
            "counting-source");
    acceptor.setDaemon(true);
    acceptor.start();
    return acceptor;
  }

  private static Reply statusCheck(String forwardedFor, String email) throws Exception {
    return https(
        "POST",
        "/api/signup/status",
        forwardedFor,
        Map.of("Content-Type", "application/json"),
        "{\"email\":\"" + email + "\",\"password\":\"a-guess\"}");
  }

  /** Logs in through the form; returns the session cookie of the login. */
  private static String logIn(String client) throws Exception {
    Reply reply = postLoginForm(client, TestAdmin.USER, TestAdmin.PASSWORD);
    assertThat(reply.status()).as(reply.body()).isEqualTo(302);
    assertThat(reply.header("Location")).endsWith("/admin/index.xhtml");
    assertThat(reply.sessionCookie()).as("a new session id after the login").isNotNull();
    return reply.sessionCookie();
  }

  /** Posts the login page's form as a browser does (the page first, for its view state). */
  private static Reply postLoginForm(String client, String user, String password) throws Exception {
    Reply page = https("GET", "/login.xhtml", client, Map.of(), null);
    String cookie = page.sessionCookie();
    Matcher state =
        Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
            .matcher(page.body());
    assertThat(state.find()).as(page.body()).isTrue();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("login", "login");
    form.put("login:user", user);
    form.put("login:password", password);
    form.put("login:submit", "");
    form.put("jakarta.faces.ViewState", state.group(1).replace("&#58;", ":"));
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return https(
        "POST",
        "/login.xhtml",
        client,
        Map.of("Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded"),
        body);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static Map<String, String> admin() {
    return basic(TestAdmin.USER, TestAdmin.PASSWORD);
  }

  private static Map<String, String> basic(String user, String password) {
    return Map.of(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** A client address no other test uses. */
  private static String newClient() {
    int n = CLIENTS.incrementAndGet();
    return "203.0." + (n / 250) + "." + (n % 250 + 1);
  }

  /** A request as the trusted TLS proxy (127.0.0.1) forwards it for {@code forwardedFor}. */
  private static Reply https(
      String method, String path, String forwardedFor, Map<String, String> headers, String body)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("X-Forwarded-Proto", "https");
    all.put("X-Forwarded-For", forwardedFor);
    return send(method, path, all, body);
  }

  private static Reply send(String method, String path, Map<String, String> headers, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(payara.baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    List<String> flat = new ArrayList<>();
    headers.forEach(
        (name, value) -> {
          flat.add(name);
          flat.add(value);
        });
    if (!flat.isEmpty()) {
      request.headers(flat.toArray(String[]::new));
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers(), response.body());
  }
}
