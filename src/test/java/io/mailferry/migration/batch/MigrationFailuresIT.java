package io.mailferry.migration.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.CountingProxy;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.RefusingImapProxy;
import io.mailferry.testing.TestAdmin;
import jakarta.json.JsonObject;
import jakarta.mail.Flags;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What goes wrong in real migrations, in the real container: messages the destination refuses, a
 * wrong destination password, a source that drops away or refuses to serve a chunk, TLS, many
 * mailboxes at once, and restarting a failed job execution (with the step's counts of each
 * execution).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MigrationFailuresIT {

  private static final String DOMAIN = "failures.test";
  private static final String PASSWORD = "Secret-43";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** The gate samples the load file every 5 s. */
  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(60);

  private static final Path LOAD_FILE =
      Path.of(System.getProperty("project.build.directory", "target"), "it", "load");

  private static DovecotServer source;
  private static DovecotServer destination;

  @ArquillianResource private URL base;
  private ApiClient api;

  @Deployment(testable = false)
  static WebArchive mailferry() {
    File war = new File(System.getProperty("mailferry.war", "target/mailferry.war"));
    return ShrinkWrap.create(ZipImporter.class, "mailferry.war")
        .importFrom(war)
        .as(WebArchive.class);
  }

  @BeforeAll
  static void startServers() throws Exception {
    Files.createDirectories(LOAD_FILE.getParent());
    Files.writeString(LOAD_FILE, "0");
    source = DovecotServer.builder("fsource").layout(Layout.DOT_INBOX_PREFIX).ssl().start();
    // The destination refuses messages over 1 MB, as a mail server with a size limit does.
    destination =
        DovecotServer.builder("fdestination")
            .layout(Layout.SLASH_NO_PREFIX)
            .imapPort(Integer.getInteger("it.destination.port", 31143))
            .extraConfig(
                "mail_plugins = $mail_plugins quota\n"
                    + "plugin {\n  quota = count:User quota\n  quota_vsizes = yes\n"
                    + "  quota_rule = *:storage=10G\n  quota_max_mail_size = 1M\n}\n")
            .start();
  }

  @AfterAll
  static void stopServers() {
    if (source != null) {
      source.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @BeforeEach
  void registerDomain() throws Exception {
    Files.writeString(LOAD_FILE, "0");
    api = new ApiClient(base.toURI(), TestAdmin.USER, TestAdmin.PASSWORD);
    configureSource(
        "{\"host\":\"127.0.0.1\",\"port\":"
            + source.imapPort()
            + ",\"security\":\"none\",\"allowPlaintext\":true}");
  }

  private void configureSource(String json) throws Exception {
    ApiClient.Answer answer = api.put("api/domains/" + DOMAIN, json);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  private String newUser(String name) {
    String email = name + "@" + DOMAIN;
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD);
    return email;
  }

  private void queue(String email) throws Exception {
    ApiClient.Answer queued = api.queueMigration(email, PASSWORD);
    assertThat(queued.status()).as(queued.text()).isEqualTo(202);
  }

  private static ImapMailbox sourceBox(String email) throws Exception {
    return ImapMailbox.open(source.host(), source.imapPort(), email, PASSWORD);
  }

  private static ImapMailbox destinationBox(String email) throws Exception {
    return ImapMailbox.open(destination.host(), destination.imapPort(), email, PASSWORD);
  }

  private static void appendMessages(ImapMailbox box, int count, int size, String tag)
      throws Exception {
    for (int i = 0; i < count; i++) {
      box.append(
          "INBOX",
          ImapMailbox.message(
              tag + i + "@failures.test", tag + " " + i, "Mon, 4 Jan 2021 08:00:00 +0000", size),
          new Flags(Flags.Flag.SEEN),
          Instant.parse("2021-01-04T08:00:00Z").plusSeconds(i));
    }
  }

  @Test
  void aMessageTheDestinationRefusesIsRecordedAndTheMailboxSaysItIsIncomplete() throws Exception {
    String email = newUser("frank");
    try (ImapMailbox box = sourceBox(email)) {
      appendMessages(box, 20, 2_000, "small");
      appendMessages(box, 1, 1_500_000, "huge");
    }
    queue(email);
    JsonObject done = api.awaitStatus(email, "ERROR", TIMEOUT);

    assertThat(done.getString("statusMessage"))
        .as("never COMPLETED while a message is missing")
        .contains("Incomplete: 1 message is not on the destination");
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(20);
    assertThat(done.getJsonArray("errors")).hasSize(1);
    JsonObject error = done.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("folder")).isEqualTo("INBOX");
    assertThat(error.getString("subject")).isEqualTo("huge 0");
    assertThat(error.getString("messageId")).contains("huge0@failures.test");
    assertThat(error.getJsonNumber("size").longValue()).isGreaterThan(1_000_000);
    assertThat(error.getString("reason")).startsWith("refused by the destination");
    try (ImapMailbox box = destinationBox(email)) {
      assertThat(box.messages("INBOX")).hasSize(20);
    }
  }

  @Test
  void tooManyRefusedMessagesStopTheMailboxWithAReason() throws Exception {
    String email = newUser("gina");
    try (ImapMailbox box = sourceBox(email)) {
      appendMessages(box, 5, 1_200_000, "huge");
    }
    queue(email);
    JsonObject stopped = api.awaitStatus(email, "ERROR", TIMEOUT);
    assertThat(stopped.getString("statusMessage"))
        .contains("Stopped after 5 messages were refused by the destination");
    assertThat(stopped.getJsonArray("errors")).hasSize(5);
  }

  @Test
  void aWrongDestinationPasswordStopsTheMailboxAndARestartedJobResumesIt() throws Exception {
    String email = newUser("hank");
    destination.setPassword(email, "something-else");
    try (ImapMailbox box = sourceBox(email)) {
      appendMessages(box, 30, 3_000, "hank");
    }
    queue(email);
    JsonObject stopped = api.awaitStatus(email, "ERROR", TIMEOUT);
    assertThat(stopped.getString("statusMessage"))
        .contains("destination server")
        .contains("rejected the login");
    long execution = stopped.getJsonNumber("jobExecutionId").longValue();
    JsonObject job =
        api.get("api/jobs").body().asJsonArray().stream()
            .map(v -> v.asJsonObject())
            .filter(j -> j.getJsonNumber("executionId").longValue() == execution)
            .findFirst()
            .orElseThrow();
    assertThat(job.getString("mailboxes")).isEqualTo(email);

    destination.setPassword(email, PASSWORD);
    awaitJobStatus(execution, "FAILED");
    ApiClient.Answer restarted = api.post("api/jobs/" + execution + "/restart", null);
    assertThat(restarted.status()).as(restarted.text()).isEqualTo(202);
    JsonObject done = api.awaitStatus(email, "COMPLETED", TIMEOUT);
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(30);

    long newExecution = restarted.object().getJsonNumber("executionId").longValue();
    awaitJobStatus(newExecution, "COMPLETED");
    ApiClient.Answer notFailed = api.post("api/jobs/" + newExecution + "/restart", null);
    assertThat(notFailed.status()).isEqualTo(409);
    assertThat(notFailed.object().getString("message")).contains("only FAILED or STOPPED");
  }

  private void awaitJobStatus(long execution, String status) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      boolean reached =
          api.get("api/jobs").body().asJsonArray().stream()
              .map(v -> v.asJsonObject())
              .anyMatch(
                  j ->
                      j.getJsonNumber("executionId").longValue() == execution
                          && status.equals(j.getString("batchStatus")));
      if (reached) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job execution " + execution + " did not become " + status);
  }

  @Test
  void aSourceThatGoesAwayMidFolderIsRetriedAndTheCopyResumes() throws Exception {
    copyWhileTheServerGoesAway(source, "ivy", 7);
  }

  /**
   * Killed while the next chunk is being appended ahead of the one being recorded: what reached the
   * destination before the kill is recognised, not appended again.
   */
  @Test
  void aDestinationThatGoesAwayMidFolderIsRetriedWithoutADuplicate() throws Exception {
    copyWhileTheServerGoesAway(destination, "jade", 8);
  }

  private void copyWhileTheServerGoesAway(DovecotServer server, String name, long seed)
      throws Exception {
    String email = newUser(name);
    new MaildirCorpus(source, email, seed).add(12_000, 2_000);
    queue(email);
    JsonObject midway =
        api.awaitMigration(email, m -> m.getJsonNumber("messagesDone").longValue() > 0, TIMEOUT);
    server.kill();
    // The outage the test makes: long enough that the first reconnect finds nobody there.
    Thread.sleep(1500);
    server.start();
    JsonObject done = api.awaitStatus(email, "COMPLETED", TIMEOUT);

    assertThat(midway.getJsonNumber("messagesDone").longValue()).isLessThan(12_000);
    assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(12_000);
    try (ImapMailbox from = sourceBox(email);
        ImapMailbox to = destinationBox(email)) {
      assertThat(to.messages("INBOX")).containsExactlyElementsOf(from.messages("INBOX"));
    }
  }

  /**
   * Chunks of 50 (arquillian.xml): each item the job reads is one chunk of one folder, and the
   * folder's end is one more. The restarted execution reads, writes and commits only the chunks the
   * failed one left, the way the JBeret test applications assert a restart by its step metrics.
   */
  @Test
  void aFullDestinationMailboxStopsTheCopyWithAClearReasonAndKeepsWhatFitted() throws Exception {
    String email = "kim@" + DOMAIN;
    source.addUser(email, PASSWORD);
    destination.addUser(email, PASSWORD, "userdb_quota_rule=*:storage=1M");
    new MaildirCorpus(source, email, 9).add(200, 10_000);
    queue(email);
    JsonObject stopped = api.awaitStatus(email, "ERROR", TIMEOUT);

    assertThat(stopped.getString("statusMessage"))
        .startsWith("The destination mailbox is full (quota exceeded): [OVERQUOTA]");
    int done = stopped.getJsonNumber("messagesDone").intValue();
    assertThat(done).isPositive().isLessThan(200);
    try (ImapMailbox from = sourceBox(email);
        ImapMailbox to = destinationBox(email)) {
      assertThat(to.messages("INBOX"))
          .hasSize(done)
          .doesNotHaveDuplicates()
          .isSubsetOf(from.messages("INBOX"));
    }

    long execution = stopped.getJsonNumber("jobExecutionId").longValue();
    awaitJobStatus(execution, "FAILED");
    long chunksDone = done / CHUNK;
    assertThat(partitionCounts(execution, email))
        .as("read, write, commit counts of the failed execution: the chunks done before the stop")
        .containsExactly(chunksDone, chunksDone, chunksDone);

    destination.addUser(email, PASSWORD); // the quota lifted
    ApiClient.Answer restarted = api.post("api/jobs/" + execution + "/restart", null);
    assertThat(restarted.status()).as(restarted.text()).isEqualTo(202);
    long restart = restarted.object().getJsonNumber("executionId").longValue();
    JsonObject completed = api.awaitStatus(email, "COMPLETED", TIMEOUT);
    awaitJobStatus(restart, "COMPLETED");

    assertThat(completed.getJsonNumber("messagesDone").longValue()).isEqualTo(200);
    long chunksLeft = (200 - done) / CHUNK + 1; // and the folder's end
    assertThat(partitionCounts(restart, email))
        .as(
            "read, write, commit counts of the restart: the chunks left, not the whole mailbox"
                + " (the runtime commits once more when the reader says it is done)")
        .containsExactly(chunksLeft, chunksLeft, chunksLeft + 1);
    try (ImapMailbox from = sourceBox(email);
        ImapMailbox to = destinationBox(email)) {
      assertThat(to.messages("INBOX")).containsExactlyElementsOf(from.messages("INBOX"));
    }
  }

  /**
   * A source that answers the FETCH of one chunk's contents with NO: that chunk is skipped (a
   * skippable exception of the job's step), not the mailbox. Its messages are recorded as not
   * served, the rest is copied, the mailbox ends Incomplete, and a resync copies them.
   */
  @Test
  void aChunkTheSourceRefusesToServeIsSkippedRecordedAndCopiedByAResync() throws Exception {
    String email = newUser("lena");
    new MaildirCorpus(source, email, 12).add(120, 2_000);
    try (RefusingImapProxy refusing = new RefusingImapProxy(source.imapPort())) {
      String answer = "NO [SERVERBUG] Internal error occurred. Refer to server log.";
      refusing.fetchPolicy(uids -> RefusingImapProxy.covers(uids, 60) ? answer : null);
      configureSource(
          "{\"host\":\"127.0.0.1\",\"port\":"
              + refusing.port()
              + ",\"security\":\"none\",\"allowPlaintext\":true}");
      queue(email);
      JsonObject incomplete = api.awaitStatus(email, "ERROR", TIMEOUT);

      String reason =
          "the source server refused to serve the message's chunk: [SERVERBUG] Internal error"
              + " occurred. Refer to server log.";
      assertThat(incomplete.getString("statusMessage"))
          .startsWith("Incomplete: 50 messages are not on the destination (50 × " + reason + ")")
          .endsWith("A resync tries them again");
      assertThat(incomplete.getJsonNumber("messagesDone").longValue()).isEqualTo(70);
      assertThat(incomplete.getJsonArray("errors"))
          .hasSize(50)
          .allSatisfy(e -> assertThat(e.asJsonObject().getString("reason")).isEqualTo(reason))
          .extracting(e -> e.asJsonObject().getJsonNumber("uid").longValue())
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(51, 100).boxed().toList());
      try (ImapMailbox from = sourceBox(email);
          ImapMailbox to = destinationBox(email)) {
        assertThat(to.messages("INBOX"))
            .hasSize(70)
            .doesNotHaveDuplicates()
            .isSubsetOf(from.messages("INBOX"));
      }
      long execution = incomplete.getJsonNumber("jobExecutionId").longValue();
      awaitJobStatus(execution, "FAILED");
      JsonObject counts = partition(execution, email).getJsonObject("metrics");
      // The chunk is skipped when the read ahead fails (the read goes on after it), and again in
      // the folder's gap pass: its errors are recorded once.
      assertThat(counts.getJsonNumber("skip").longValue())
          .isEqualTo(refusing.refusedFetches())
          .isEqualTo(2);
      assertThat(counts.getJsonNumber("write").longValue())
          .as("two chunks and the folder's end written")
          .isEqualTo(3);

      refusing.fetchPolicy(RefusingImapProxy.FetchPolicy.PASS);
      assertThat(api.post("api/migrations/" + email + "/resync", "{}").status()).isEqualTo(202);
      JsonObject done = api.awaitStatus(email, "COMPLETED", TIMEOUT);
      assertThat(done.getJsonNumber("messagesDone").longValue()).isEqualTo(120);
      assertThat(done.getJsonArray("errors")).isEmpty();
      try (ImapMailbox from = sourceBox(email);
          ImapMailbox to = destinationBox(email)) {
        assertThat(to.messages("INBOX")).containsExactlyElementsOf(from.messages("INBOX"));
      }
    }
  }

  /**
   * A source that refuses every chunk: past the job's skip limit (20 in mailbox-migration.xml) the
   * runtime fails the partition, and the mailbox stops with the reason instead of staying RUNNING.
   */
  @Test
  void aSourceThatRefusesEveryChunkStopsTheMailboxPastTheSkipLimit() throws Exception {
    String email = newUser("mona");
    new MaildirCorpus(source, email, 13).add(600, 1_000);
    try (RefusingImapProxy refusing = new RefusingImapProxy(source.imapPort())) {
      refusing.fetchPolicy(uids -> "NO [SERVERBUG] Internal error occurred.");
      configureSource(
          "{\"host\":\"127.0.0.1\",\"port\":"
              + refusing.port()
              + ",\"security\":\"none\",\"allowPlaintext\":true}");
      queue(email);
      JsonObject stopped = api.awaitStatus(email, "ERROR", TIMEOUT);

      assertThat(stopped.getString("statusMessage"))
          .startsWith(
              "Stopped: the source server refused to serve too many chunks (the job's skip"
                  + " limit); the last: the source server refused to serve 50 messages of INBOX:"
                  + " [SERVERBUG] Internal error occurred.");
      assertThat(stopped.getJsonNumber("messagesDone").longValue()).isZero();
      long execution = stopped.getJsonNumber("jobExecutionId").longValue();
      awaitJobStatus(execution, "FAILED");
      // the twelve chunks of the ordinary read, then eight of the gap pass's, all skipped
      assertThat(
              partition(execution, email)
                  .getJsonObject("metrics")
                  .getJsonNumber("skip")
                  .longValue())
          .isEqualTo(20);
      try (ImapMailbox to = destinationBox(email)) {
        assertThat(to.messages("INBOX")).isEmpty();
      }
    }
  }

  /** The messages of a chunk (arquillian.xml: mailferry.migration.chunk-messages). */
  private static final int CHUNK = 50;

  /** The partition of this mailbox in the execution, as the admin API shows it. */
  private JsonObject partition(long execution, String email) throws Exception {
    ApiClient.Answer detail = api.get("api/jobs/" + execution);
    assertThat(detail.status()).as(detail.text()).isEqualTo(200);
    return detail.object().getJsonArray("partitions").stream()
        .map(p -> p.asJsonObject())
        .filter(p -> p.getString("email").equals(email))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no partition of " + email + ": " + detail.text()));
  }

  /** Read, write and commit counts of this mailbox's partition in the execution. */
  private List<Long> partitionCounts(long execution, String email) throws Exception {
    JsonObject metrics = partition(execution, email).getJsonObject("metrics");
    return List.of(
        metrics.getJsonNumber("read").longValue(),
        metrics.getJsonNumber("write").longValue(),
        metrics.getJsonNumber("commit").longValue());
  }

  @Test
  void aSourceThatStaysAwayStopsTheMailboxAfterTheRetries() throws Exception {
    try (DovecotServer vanishing =
        DovecotServer.builder("fvanish").layout(Layout.DOT_INBOX_PREFIX).start()) {
      String email = "vic@vanishing.test";
      vanishing.addUser(email, PASSWORD);
      destination.addUser(email, PASSWORD);
      new MaildirCorpus(vanishing, email, 11).add(12_000, 2_000);
      assertThat(
              api.put(
                      "api/domains/vanishing.test",
                      "{\"host\":\"127.0.0.1\",\"port\":"
                          + vanishing.imapPort()
                          + ",\"security\":\"none\",\"allowPlaintext\":true}")
                  .status())
          .isEqualTo(200);
      queue(email);
      api.awaitMigration(email, m -> m.getJsonNumber("messagesDone").longValue() > 0, TIMEOUT);
      vanishing.kill();

      JsonObject stopped = api.awaitStatus(email, "ERROR", TIMEOUT);
      assertThat(stopped.getString("statusMessage"))
          .contains("The source server 127.0.0.1:" + vanishing.imapPort())
          .contains("is gone: still failing after 4 retries");
      assertThat(stopped.getJsonNumber("messagesDone").longValue()).isLessThan(12_000);
    }
  }

  @Test
  void tlsIsVerifiedAndAnAdminTrustedCertificateIsAccepted() throws Exception {
    String email = newUser("jill");
    try (ImapMailbox box = sourceBox(email)) {
      appendMessages(box, 3, 1_000, "jill");
    }
    configureSource(
        "{\"host\":\"127.0.0.1\",\"port\":"
            + source.imapsPort()
            + ",\"security\":\"ssl\",\"allowPlaintext\":false,\"trustedCertificate\":\"\"}");
    ApiClient.Answer untrusted = api.queueMigration(email, PASSWORD);
    assertThat(untrusted.status()).isEqualTo(502);
    assertThat(untrusted.object().getString("message")).contains("certificate is not trusted");

    configureSource("{\"trustedCertificate\":" + jsonString(source.certificatePem()) + "}");
    queue(email);
    assertThat(
            api.awaitStatus(email, "COMPLETED", TIMEOUT).getJsonNumber("messagesDone").longValue())
        .isEqualTo(3);

    ApiClient.Answer plaintext =
        api.put(
            "api/domains/" + DOMAIN,
            "{\"security\":\"none\",\"port\":143,\"allowPlaintext\":false}");
    assertThat(plaintext.status()).isEqualTo(400);
    assertThat(plaintext.object().getString("message")).contains("plaintext IMAP");
  }

  private static String jsonString(String text) {
    return jakarta.json.Json.createValue(text).toString();
  }

  /**
   * More mailboxes than slots, all held at the load gate, then let in as it opens (one more per
   * load sample) and held still at the source's greeting until every slot is taken: the
   * application's own record of the most slots held at the same moment reaches the ceiling and
   * never passes it, and every slot is free again afterwards.
   */
  @Test
  void neverMoreMailboxesCopyAtOnceThanTheCeiling() throws Exception {
    int ceiling = Math.min(Runtime.getRuntime().availableProcessors() + 1, 6);
    assertThat(api.slots().getInt("capacity")).isEqualTo(ceiling);
    assertThat(new ApiClient(base.toURI(), null, null).get("api/slots").status())
        .as("the slots are for admins")
        .isEqualTo(401);
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < ceiling + 3; i++) {
      String email = newUser("many" + i);
      // Big enough (40 chunks) that a mailbox holds its slot for seconds: every waiting mailbox
      // looks at the gate once a second, so the first ones overlap even on an idle machine.
      new MaildirCorpus(source, email, i).add(2_000, 2_000);
      emails.add(email);
    }
    Files.writeString(LOAD_FILE, "0.95");
    api.awaitLoadGate(false, GATE_TIMEOUT);
    api.awaitSlots(s -> s.getInt("inUse") == 0, TIMEOUT);
    assertThat(api.post("api/slots/high-water-mark/reset", null).status()).isEqualTo(204);
    try (CountingProxy proxy = new CountingProxy(source.host(), source.imapPort())) {
      configureSource(
          "{\"host\":\"127.0.0.1\",\"port\":"
              + proxy.port()
              + ",\"security\":\"none\",\"allowPlaintext\":true}");
      for (String email : emails) {
        queue(email);
      }
      awaitHeldByTheGate(emails, ceiling);
      assertThat(api.slots().getInt("highWaterMark"))
          .as("slots taken while the load gate is closed")
          .isZero();

      proxy.hold();
      Files.writeString(LOAD_FILE, "0");
      api.awaitSlots(s -> s.getInt("inUse") == ceiling, GATE_TIMEOUT);
      proxy.release();
      for (String email : emails) {
        assertThat(
                api.awaitStatus(email, "COMPLETED", TIMEOUT)
                    .getJsonNumber("messagesDone")
                    .longValue())
            .isEqualTo(2_000);
      }
    }

    assertThat(api.slots().getInt("highWaterMark"))
        .as("the most mailboxes copying at the same moment")
        .isEqualTo(ceiling);
    api.awaitSlots(s -> s.getInt("inUse") == 0, Duration.ofSeconds(30));
    assertThat(api.slots().getInt("highWaterMark")).isEqualTo(ceiling);
  }

  /**
   * Waits until every mailbox is taken from the queue (WAITING) and at least {@code atLeast} of
   * them report waiting for the load: one job execution runs only as many mailboxes at once as
   * there are slots, its others wait to start.
   */
  private void awaitHeldByTheGate(List<String> emails, int atLeast) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    List<JsonObject> seen = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      seen.clear();
      for (String email : emails) {
        seen.add(api.get("api/migrations/" + email).object());
      }
      boolean allWaiting = seen.stream().allMatch(m -> "WAITING".equals(m.getString("status")));
      long forLoad =
          seen.stream().filter(m -> m.getString("statusMessage", "").contains("load")).count();
      if (allWaiting && forLoad >= atLeast) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the mailboxes were not held by the load gate: " + seen);
  }
}
