package io.mailferry.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;

/** Mailferry's JSON API as a test (or a script) uses it, with the admin's Basic login. */
public final class ApiClient {

  /** An answer: HTTP status and the parsed JSON body (null when there is none). */
  public record Answer(int status, JsonStructure body, String text) {
    public JsonObject object() {
      return (JsonObject) body;
    }
  }

  private final URI base;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ApiClient(URI base, String user, String password) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    this.base = URI.create(root);
    this.authorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public Answer get(String path) throws Exception {
    return send("GET", path, null);
  }

  public Answer put(String path, String json) throws Exception {
    return send("PUT", path, json);
  }

  public Answer post(String path, String json) throws Exception {
    return send("POST", path, json);
  }

  /** {@code POST /api/migrations}: the admin queues the mailbox with its source password. */
  public Answer queueMigration(String email, String password) throws Exception {
    return post(
        "api/migrations",
        Json.createObjectBuilder()
            .add("email", email)
            .add("password", password)
            .build()
            .toString());
  }

  public Answer send(String method, String path, String json) throws Exception {
    return send(method, path, json, "application/json");
  }

  /** A GET of something other than JSON (a CSV download). */
  public Answer getAs(String path, String accept) throws Exception {
    return send("GET", path, null, accept);
  }

  private Answer send(String method, String path, String json, String accept) throws Exception {
    HttpRequest.Builder request =
        // "api/..." is relative to the application, "/health/..." to the server's root
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", accept);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    // the API takes changes as JSON only, even without a body (no cross-site form posts)
    if (json != null || !method.equals("GET") && !method.equals("DELETE")) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonStructure body = null;
    if (text != null && !text.isBlank() && (text.startsWith("{") || text.startsWith("["))) {
      try (JsonReader reader = Json.createReader(new StringReader(text))) {
        body = reader.read();
      }
    }
    return new Answer(response.statusCode(), body, text);
  }

  /** Polls a mailbox's status until the condition holds; fails with the last status seen. */
  public JsonObject awaitMigration(String email, Predicate<JsonObject> condition, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      Answer answer = get("api/migrations/" + email);
      if (answer.status() == 200) {
        last = answer.object();
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the migration of "
            + email
            + " did not reach the expected state in "
            + timeout
            + "; last seen: "
            + last);
  }

  public JsonObject awaitStatus(String email, String status, Duration timeout) throws Exception {
    return awaitMigration(email, m -> status.equals(m.getString("status")), timeout);
  }

  /** {@code GET /api/slots}: capacity, inUse and highWaterMark. */
  public JsonObject slots() throws Exception {
    Answer answer = get("api/slots");
    if (answer.status() != 200) {
      throw new AssertionError("GET /api/slots answered " + answer.status() + ": " + answer.text());
    }
    return answer.object();
  }

  /** Polls the mailbox slots until the condition holds; fails with the last answer seen. */
  public JsonObject awaitSlots(Predicate<JsonObject> condition, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      last = slots();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the mailbox slots did not reach the expected state in "
            + timeout
            + "; last seen: "
            + last);
  }

  /**
   * Polls the admin's health report ({@code GET /api/health}; the public one says only up or down)
   * until the application reports the load gate open or closed.
   */
  public void awaitLoadGate(boolean open, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      Answer answer = get("api/health");
      last = answer.text();
      if (answer.body() instanceof JsonObject health && health.containsKey("checks")) {
        boolean reached =
            health.getJsonArray("checks").stream()
                .map(check -> check.asJsonObject().getJsonObject("data"))
                .filter(data -> data != null && data.containsKey("loadGateOpen"))
                .anyMatch(
                    data ->
                        data.get("loadGateOpen")
                            .toString()
                            .replace("\"", "")
                            .equals(String.valueOf(open)));
        if (reached) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the load gate was not reported "
            + (open ? "open" : "closed")
            + " in "
            + timeout
            + "; last seen: "
            + last);
  }
}
