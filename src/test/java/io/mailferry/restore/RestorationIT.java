package io.mailferry.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.testing.ApiClient;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.HeadlessChromium;
import io.mailferry.testing.ImapMailbox;
import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.MaildirCorpus;
import io.mailferry.testing.PayaraMicro;
import io.mailferry.testing.PostgresServer;
import jakarta.json.JsonObject;
import jakarta.mail.Flags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Data restoration end to end on Payara Micro: archives (mbox, Maildir) restored into a Dovecot
 * destination ({@code INBOX.} prefix, '.' separator, users in PostgreSQL) that already holds half
 * of them; hostile archives refused; a mailbox moved from another Dovecot whose users live in
 * another PostgreSQL database, the account carried over with its password hash.
 */
class RestorationIT {

  private static final String DOMAIN = "restore.test";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final long MAX_UPLOAD = 3L * 1024 * 1024;
  private static final DateTimeFormatter FROM_LINE =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private static Path dir;
  private static Path load;
  private static Path spool;
  private static PostgresServer postgres;
  private static String oldDatabase;
  private static String newDatabase;
  private static DovecotServer oldServer;
  private static DovecotServer destination;

  /** Between Mailferry and the destination: refuses marked messages when a test says so. */
  private static io.mailferry.testing.RefusingImapProxy proxy;

  private static PayaraMicro payara;
  private static ApiClient admin;

  @BeforeAll
  static void startServers() throws Exception {
    dir = PayaraMicro.runDirectory("restore");
    spool = dir.resolve("restore-spool");
    postgres = PostgresServer.shared();
    oldDatabase = postgres.createUniqueDatabase("oldmail");
    newDatabase = postgres.createUniqueDatabase("newmail");
    for (String database : List.of(oldDatabase, newDatabase)) {
      try (Connection c = connect(database);
          Statement sql = c.createStatement()) {
        sql.execute("CREATE SCHEMA mailserver");
        sql.execute(
            "CREATE TABLE mailserver.users (userid VARCHAR(128) NOT NULL, domain VARCHAR(253) NOT"
                + " NULL, password VARCHAR(255) NOT NULL, PRIMARY KEY (userid, domain))");
      }
    }
    String where = " FROM mailserver.users WHERE userid = '%n' AND domain = '%d'";
    oldServer =
        DovecotServer.builder("restore-old")
            .layout(Layout.SLASH_NO_PREFIX)
            .sqlAuth(
                postgres.connectString(oldDatabase),
                "SELECT userid || '@' || domain AS user, password" + where,
                "SELECT userid || '@' || domain AS user" + where)
            .start();
    destination =
        DovecotServer.builder("restore-new")
            .layout(Layout.DOT_INBOX_PREFIX)
            .imapPort(Integer.getInteger("it.destination.port", 31143))
            .sqlAuth(
                postgres.connectString(newDatabase),
                "SELECT userid || '@' || domain AS user, password" + where,
                "SELECT userid || '@' || domain AS user" + where)
            .start();
    proxy = new io.mailferry.testing.RefusingImapProxy(destination.imapPort());
    load = Files.writeString(dir.resolve("load"), "0");
    Path postboot = PayaraMicro.h2PostbootFile(dir);
    Files.writeString(
        postboot,
        Files.readString(postboot)
            + pool("NewMailPool", newDatabase, "jdbc/mailserver")
            + pool("OldMailPool", oldDatabase, "jdbc/oldmailserver"));
    payara =
        PayaraMicro.start(
            PayaraMicro.builtWar(),
            PayaraMicro.freePort(),
            postboot,
            Map.ofEntries(
                Map.entry("MAILFERRY_SECRET_KEY", UUID.randomUUID().toString()),
                Map.entry("MAILFERRY_DESTINATION_HOST", "127.0.0.1"),
                Map.entry("MAILFERRY_DESTINATION_PORT", Integer.toString(proxy.port())),
                Map.entry("MAILFERRY_DESTINATION_SECURITY", "none"),
                Map.entry("MAILFERRY_DESTINATION_ALLOW_PLAINTEXT", "true"),
                Map.entry("MAILFERRY_DESTINATION_MASTER_USER", destination.masterUser()),
                Map.entry("MAILFERRY_DESTINATION_MASTER_PASSWORD", destination.masterPassword()),
                Map.entry("MAILFERRY_PROVISIONER", "sql"),
                Map.entry(
                    "MAILFERRY_PROVISIONER_SQL_INSERT",
                    "INSERT INTO mailserver.users (userid, domain, password) VALUES (?, ?, ?)"),
                Map.entry("MAILFERRY_RESTORE_OLD_SQL_DATASOURCE", "jdbc/oldmailserver"),
                Map.entry(
                    "MAILFERRY_RESTORE_OLD_SQL_SELECT",
                    "SELECT password FROM mailserver.users WHERE userid = :userid AND domain ="
                        + " :domain"),
                Map.entry("MAILFERRY_RESTORE_SPOOL_DIR", spool.toString()),
                Map.entry("MAILFERRY_RESTORE_MAX_UPLOAD_BYTES", Long.toString(MAX_UPLOAD)),
                Map.entry("MAILFERRY_MIGRATION_LOAD_FILE", load.toString()),
                Map.entry("MAILFERRY_MIGRATION_LOAD_SAMPLE_SECONDS", "1")),
            List.of(),
            List.of("--addlibs", PayaraMicro.postgresDriver().toString()));
    admin =
        new ApiClient(
            URI.create(payara.baseUrl() + "/"), "admin", io.mailferry.testing.TestAdmin.PASSWORD);
  }

  @AfterAll
  static void stopServers() {
    if (payara != null) {
      payara.stop();
    }
    if (proxy != null) {
      try {
        proxy.close();
      } catch (IOException ignored) {
        // the test is over
      }
    }
    for (DovecotServer server : new DovecotServer[] {oldServer, destination}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void anMboxArchiveAddsOnlyTheHalfTheMailboxLacksWithItsFlagsAndDates() throws Exception {
    String email = newDestinationUser("ann");
    List<Path> spoolBefore = spoolDirectories();
    List<Mail> inbox = mails("ann-in", 6, "2019-01-01T08:00:00Z");
    List<Mail> archived = mails("ann-arc", 4, "2018-03-01T09:30:00Z");
    inbox.set(0, inbox.get(0).withBodyLine("From the desk of the editor"));
    inbox.set(1, inbox.get(1).withFlags("\\Seen", "\\Answered", "$Label1"));
    archived.set(2, archived.get(2).withFlags("\\Flagged", "\\Seen"));
    try (ImapMailbox mailbox = openAsMaster(email)) {
      mailbox.create("INBOX.Old.2018", true);
      preload(mailbox, "INBOX", inbox.subList(0, 3));
      preload(mailbox, "INBOX.Old.2018", archived.subList(0, 2));
    }
    Path zip = dir.resolve("ann-mbox.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      zipEntry(out, "export/Inbox.mbox", mbox(inbox));
      zipEntry(out, "export/Old.sbd/2018.mbox", mbox(archived));
    }

    JsonObject done = restore(email, zip, "COMPLETED");

    assertThat(done.getJsonNumber("appended").longValue()).isEqualTo(5);
    assertThat(done.getJsonNumber("present").longValue()).isEqualTo(5);
    assertThat(done.getJsonArray("errors")).isEmpty();
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX")).containsExactlyElementsOf(snapshots(inbox));
      assertThat(mailbox.messages("INBOX.Old.2018")).containsExactlyElementsOf(snapshots(archived));
    }

    // the same archive again: a restart of the whole restoration appends nothing
    JsonObject again = restore(email, zip, "COMPLETED");
    assertThat(again.getJsonNumber("appended").longValue()).isZero();
    assertThat(again.getJsonNumber("present").longValue()).isEqualTo(10);
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX")).hasSize(6);
    }
    assertThat(spoolDirectories()).as("spool after completion").isEqualTo(spoolBefore);
  }

  @Test
  void aMaildirArchiveKeepsFoldersFlagsKeywordsAndFileTimes() throws Exception {
    String email = newDestinationUser("bo");
    List<Mail> inbox = mails("bo-in", 4, "2020-05-01T10:00:00Z");
    List<Mail> projects = mails("bo-proj", 4, "2021-02-03T04:05:06Z");
    inbox.set(1, inbox.get(1).withFlags("\\Seen"));
    projects.set(0, projects.get(0).withFlags("$Forwarded", "\\Seen"));
    projects.set(3, projects.get(3).withFlags("Urgent", "\\Answered", "\\Flagged", "\\Draft"));
    try (ImapMailbox mailbox = openAsMaster(email)) {
      mailbox.create("INBOX.Projects.2024", true);
      preload(mailbox, "INBOX", inbox.subList(0, 2));
      preload(mailbox, "INBOX.Projects.2024", projects.subList(0, 2));
    }
    Path tgz = dir.resolve("bo-maildir.tar.gz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
      for (int i = 0; i < inbox.size(); i++) {
        tarEntry(
            tar,
            "Maildir/" + (i % 2 == 0 ? "cur/" : "new/") + maildirName(inbox.get(i), i),
            inbox.get(i));
      }
      for (int i = 0; i < projects.size(); i++) {
        tarEntry(
            tar, "Maildir/.Projects.2024/cur/" + maildirName(projects.get(i), i), projects.get(i));
      }
      byte[] keywords = "0 $Forwarded\n1 Urgent\n".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("Maildir/.Projects.2024/dovecot-keywords");
      entry.setSize(keywords.length);
      tar.putArchiveEntry(entry);
      tar.write(keywords);
      tar.closeArchiveEntry();
    }

    JsonObject done = restore(email, tgz, "COMPLETED");

    assertThat(done.getJsonNumber("appended").longValue()).isEqualTo(4);
    assertThat(done.getJsonNumber("present").longValue()).isEqualTo(4);
    assertThat(done.getJsonArray("folders").getValuesAs(JsonObject.class))
        .extracting(f -> f.getString("destination"))
        .containsExactlyInAnyOrder("INBOX", "INBOX.Projects.2024");
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX")).containsExactlyElementsOf(snapshots(inbox));
      assertThat(mailbox.messages("INBOX.Projects.2024"))
          .containsExactlyElementsOf(snapshots(projects));
    }
  }

  @Test
  void aRestorationWaitsWhileTheLoadGateIsClosedAndRunsWhenItOpens() throws Exception {
    String email = newDestinationUser("fay");
    List<Mail> inbox = mails("fay", 3, "2023-01-02T03:04:05Z");
    Path file = Files.write(dir.resolve("mbox"), mbox(inbox));
    Files.writeString(load, "1");
    try {
      admin.awaitLoadGate(false, Duration.ofSeconds(30));
      HttpResponse<String> response = upload(email, file, true);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      long id = Long.parseLong(response.body().replaceAll("\\D+", ""));

      JsonObject waiting =
          awaitRestoration(
              id, r -> r.getString("statusMessage").contains("Waiting for the server load"));

      assertThat(waiting.getString("status")).isEqualTo("QUEUED");
      try (ImapMailbox mailbox = openAsMaster(email)) {
        assertThat(mailbox.snapshot("INBOX.")).containsOnlyKeys("INBOX");
        assertThat(mailbox.messages("INBOX")).isEmpty();
      }
      Files.writeString(load, "0");
      admin.awaitLoadGate(true, Duration.ofSeconds(30));
      assertThat(awaitRestoration(id, "COMPLETED").getJsonNumber("appended").longValue())
          .isEqualTo(3);
      try (ImapMailbox mailbox = openAsMaster(email)) {
        assertThat(mailbox.messages("INBOX")).containsExactlyElementsOf(snapshots(inbox));
      }
    } finally {
      Files.writeString(load, "0");
    }
  }

  @Test
  void aMessageTheDestinationRefusesLeavesItIncompleteAndARestartAppendsOnlyThatOne()
      throws Exception {
    String email = newDestinationUser("gus");
    Files.createDirectories(dir.resolve("gus"));
    List<Mail> inbox = mails("gus", 6, "2017-04-05T06:07:08Z");
    inbox.set(2, inbox.get(2).withBodyLine("REFUSE-ME"));
    Path file = Files.write(dir.resolve("gus").resolve("Inbox.mbox"), mbox(inbox));
    proxy.policy(
        (command, whole, n) ->
            io.mailferry.testing.RefusingImapProxy.contains(whole, "REFUSE-ME")
                ? "NO [TOOBIG] the test's destination does not take this one"
                : null);
    JsonObject incomplete;
    try {
      incomplete = restore(email, file, "ERROR");
    } finally {
      proxy.policy(io.mailferry.testing.RefusingImapProxy.Policy.PASS);
    }

    assertThat(incomplete.getString("statusMessage")).contains("Incomplete: 1 message was refused");
    assertThat(incomplete.getJsonNumber("appended").longValue()).isEqualTo(5);
    assertThat(incomplete.getJsonNumber("refused").longValue()).isEqualTo(1);
    assertThat(incomplete.getJsonArray("errors").getValuesAs(JsonObject.class))
        .singleElement()
        .satisfies(e -> assertThat(e.getString("reason")).contains("TOOBIG"));
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX")).hasSize(5);
    }

    long id = incomplete.getJsonNumber("id").longValue();
    ApiClient.Answer restart = admin.post("api/restorations/" + id + "/restart", null);
    assertThat(restart.status()).as(restart.text()).isEqualTo(202);
    // the restart put it back in the queue before answering: the next finish is the restart's
    JsonObject done = awaitRestoration(id, "COMPLETED");

    assertThat(done.getJsonNumber("appended").longValue()).isEqualTo(1);
    assertThat(done.getJsonNumber("present").longValue()).isEqualTo(5);
    assertThat(done.getJsonArray("errors")).isEmpty();
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX")).containsExactlyElementsOf(snapshots(inbox));
    }
  }

  @Test
  void hostileArchivesAreRefusedWithTheEntryNamedAndNothingWritten() throws Exception {
    String email = newDestinationUser("cy");
    List<Path> spoolBefore = spoolDirectories();
    Path traversal = dir.resolve("traversal.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(traversal)) {
      zipEntry(out, "Sent.mbox", mbox(mails("cy", 2, "2020-01-01T00:00:00Z")));
      zipEntry(
          out,
          "../../etc/cron.d/mailferry",
          "* * * * * root true\n".getBytes(StandardCharsets.UTF_8));
    }
    Path bomb = dir.resolve("bomb.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bomb)) {
      out.putArchiveEntry(new ZipArchiveEntry("Maildir/cur/1600000000.bomb:2,S"));
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
      out.closeArchiveEntry();
    }
    assertThat(Files.size(bomb)).isLessThan(MAX_UPLOAD);

    HttpResponse<String> refusedTraversal = upload(email, traversal, true);
    HttpResponse<String> refusedBomb = upload(email, bomb, true);

    assertThat(refusedTraversal.statusCode()).as(refusedTraversal.body()).isEqualTo(422);
    assertThat(refusedTraversal.body()).contains("../../etc/cron.d/mailferry", "path traversal");
    assertThat(refusedBomb.statusCode()).as(refusedBomb.body()).isEqualTo(422);
    assertThat(refusedBomb.body()).contains("Maildir/cur/1600000000.bomb:2,S", "compressed size");

    Path large = dir.resolve("large.mbox");
    Files.write(large, new byte[(int) MAX_UPLOAD + 1024]);
    HttpResponse<String> tooLarge = upload(email, large, true);
    assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("max-upload-bytes");

    HttpResponse<String> crossSite = upload(email, traversal, false);
    assertThat(crossSite.statusCode()).isEqualTo(415);
    HttpResponse<String> elsewhere = upload("api/migrations", email, traversal, true);
    assertThat(elsewhere.statusCode()).as("multipart anywhere else").isEqualTo(415);

    assertThat(admin.get("api/restorations").body().asJsonArray().getValuesAs(JsonObject.class))
        .extracting(r -> r.getString("email"))
        .doesNotContain(email);
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.snapshot("INBOX.")).containsOnlyKeys("INBOX");
      assertThat(mailbox.messages("INBOX")).isEmpty();
    }
    assertThat(spoolDirectories()).as("spool after refusals").isEqualTo(spoolBefore);
    assertThat(Files.exists(dir.resolve("etc"))).isFalse();
  }

  @Test
  void aMailboxMovesToTheNewServerAndItsUserKeepsTheOldPassword() throws Exception {
    String email = "dora@" + DOMAIN;
    String oldHash =
        "{SHA512-CRYPT}" + Sha2Crypt.sha512Crypt("Dora-old-pw".getBytes(StandardCharsets.UTF_8));
    insertUser(oldDatabase, "dora", oldHash);
    new MaildirCorpus(oldServer, email, 11).add(30, 3000).add(6, 2000, "Projects", "2024");

    ApiClient.Answer answer =
        admin.post(
            "api/restorations",
            "{\"email\":\""
                + email
                + "\",\"from\":{\"host\":\"127.0.0.1\",\"port\":"
                + oldServer.imapPort()
                + ",\"security\":\"none\",\"allowPlaintext\":true,"
                + "\"login\":\"%u*"
                + oldServer.masterUser()
                + "\",\"password\":\""
                + oldServer.masterPassword()
                + "\"}}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    assertThat(passwordHashes(newDatabase, "dora")).containsExactly(oldHash);

    JsonObject done =
        awaitRestoration(answer.object().getJsonNumber("id").longValue(), "COMPLETED");

    assertThat(done.getString("account")).contains("password hash");
    assertThat(done.getJsonNumber("appended").longValue()).isEqualTo(36);
    try (ImapMailbox before =
            ImapMailbox.open(oldServer.host(), oldServer.imapPort(), email, "Dora-old-pw");
        ImapMailbox after =
            ImapMailbox.open(destination.host(), destination.imapPort(), email, "Dora-old-pw")) {
      assertThat(nonEmpty(after.snapshot("INBOX."))).isEqualTo(nonEmpty(before.snapshot("")));
    }
  }

  @Test
  void anAdminRestoresAnMboxFileOnTheRestorePage() throws Exception {
    String email = newDestinationUser("eve");
    List<Mail> sent = mails("eve-sent", 3, "2022-07-08T09:10:11Z");
    Path file = Files.write(dir.resolve("Sent.mbox"), mbox(sent));
    WebDriver browser = browser();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get(payara.baseUrl() + "/login.xhtml");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:user")))
          .sendKeys("admin");
      browser
          .findElement(By.id("login:password"))
          .sendKeys(io.mailferry.testing.TestAdmin.PASSWORD);
      browser.findElement(By.id("login:submit")).click();
      wait.until(ExpectedConditions.urlContains("/admin/index.xhtml"));
      browser.get(payara.baseUrl() + "/admin/restore.xhtml");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload:email")))
          .sendKeys(email);
      browser.findElement(By.id("upload:file")).sendKeys(file.toAbsolutePath().toString());
      browser.findElement(By.id("move:email")).sendKeys("someone@" + DOMAIN);
      browser.findElement(By.id("move:host")).sendKeys("imap.old.example.org");
      screenshot(browser, "restore-filled");
      browser.findElement(By.id("upload:submit")).click();

      new WebDriverWait(browser, TIMEOUT)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("list:restorations:0:status"), "COMPLETED"));
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("list:detail"), "Sent"));
      assertThat(browser.findElement(By.id("list:restorations:0:show")).getText()).isEqualTo(email);
      assertThat(browser.findElement(By.id("list:detail")).getText())
          .contains("Restored: every message is on the destination", "INBOX.Sent");
      screenshot(browser, "restore-completed");
      ((org.openqa.selenium.JavascriptExecutor) browser)
          .executeScript("document.getElementById('list:detail').scrollIntoView()");
      screenshot(browser, "restore-completed-detail");
    } finally {
      browser.quit();
    }
    try (ImapMailbox mailbox = openAsMaster(email)) {
      assertThat(mailbox.messages("INBOX.Sent")).containsExactlyElementsOf(snapshots(sent));
    }
  }

  // ---- messages ----

  /** A message as the test writes it (CRLF) and as the destination must hold it. */
  private record Mail(byte[] crlf, Instant date, List<String> flags) {
    Mail withFlags(String... names) {
      return new Mail(crlf, date, List.of(names));
    }

    Mail withBodyLine(String line) {
      return new Mail(concat(crlf, (line + "\r\n").getBytes(StandardCharsets.UTF_8)), date, flags);
    }

    byte[] lf() {
      return new String(crlf, StandardCharsets.UTF_8)
          .replace("\r\n", "\n")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static List<Mail> mails(String prefix, int count, String firstDate) {
    List<Mail> mails = new ArrayList<>();
    Instant date = Instant.parse(firstDate);
    for (int i = 0; i < count; i++) {
      Instant when = date.plus(Duration.ofHours(7L * i + 1));
      mails.add(
          new Mail(
              ImapMailbox.message(
                  prefix + "-" + i + "@" + DOMAIN,
                  prefix + " message " + i,
                  RFC_5322.format(when),
                  600 + 150 * i),
              when,
              List.of()));
    }
    return mails;
  }

  /** An mboxrd file: From lines with the date, Status/X-Status/X-Keywords for the flags. */
  private static byte[] mbox(List<Mail> mails) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Mail mail : mails) {
      out.writeBytes(
          ("From sender@example.org " + FROM_LINE.format(mail.date()) + "\n")
              .getBytes(StandardCharsets.US_ASCII));
      String text = new String(mail.lf(), StandardCharsets.UTF_8);
      int headerEnd = text.indexOf("\n\n");
      String header = text.substring(0, headerEnd + 1);
      String body = text.substring(headerEnd + 1).replaceAll("(?m)^(>*From )", ">$1");
      StringBuilder state = new StringBuilder();
      if (mail.flags().contains("\\Seen")) {
        state.append("Status: RO\n");
      }
      String x =
          (mail.flags().contains("\\Answered") ? "A" : "")
              + (mail.flags().contains("\\Flagged") ? "F" : "");
      if (!x.isEmpty()) {
        state.append("X-Status: ").append(x).append('\n');
      }
      List<String> keywords = mail.flags().stream().filter(f -> !f.startsWith("\\")).toList();
      if (!keywords.isEmpty()) {
        state.append("X-Keywords: ").append(String.join(" ", keywords)).append('\n');
      }
      out.writeBytes((header + state + body + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String maildirName(Mail mail, int i) {
    StringBuilder letters = new StringBuilder();
    for (String flag : mail.flags()) {
      switch (flag) {
        case "\\Draft" -> letters.append('D');
        case "\\Flagged" -> letters.append('F');
        case "\\Answered" -> letters.append('R');
        case "\\Seen" -> letters.append('S');
        case "$Forwarded" -> letters.append('a');
        case "Urgent" -> letters.append('b');
        default -> throw new IllegalArgumentException(flag);
      }
    }
    char[] sorted = letters.toString().toCharArray();
    java.util.Arrays.sort(sorted);
    // the name's time is the delivery; the file's time (the INTERNALDATE) is what counts
    return (1_700_000_000L + i)
        + ".M"
        + i
        + "P1.archive,S="
        + mail.lf().length
        + ":2,"
        + new String(sorted);
  }

  private static List<MessageSnapshot> snapshots(List<Mail> mails) throws Exception {
    List<MessageSnapshot> result = new ArrayList<>();
    for (Mail mail : mails) {
      result.add(
          new MessageSnapshot(
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mail.crlf())),
              mail.crlf().length,
              String.join(" ", new TreeSet<>(mail.flags())),
              mail.date()));
    }
    result.sort(null);
    return result;
  }

  private static void preload(ImapMailbox mailbox, String folder, List<Mail> mails)
      throws Exception {
    for (Mail mail : mails) {
      Flags flags = new Flags();
      for (String flag : mail.flags()) {
        switch (flag) {
          case "\\Seen" -> flags.add(Flags.Flag.SEEN);
          case "\\Answered" -> flags.add(Flags.Flag.ANSWERED);
          case "\\Flagged" -> flags.add(Flags.Flag.FLAGGED);
          case "\\Draft" -> flags.add(Flags.Flag.DRAFT);
          default -> flags.add(flag);
        }
      }
      mailbox.append(folder, mail.crlf(), flags, mail.date());
    }
  }

  private static Map<String, List<MessageSnapshot>> nonEmpty(
      Map<String, List<MessageSnapshot>> folders) {
    Map<String, List<MessageSnapshot>> result = new TreeMap<>();
    folders.forEach(
        (name, messages) -> {
          if (!messages.isEmpty()) {
            result.put(name, messages);
          }
        });
    return result;
  }

  // ---- archives ----

  private static void zipEntry(ZipArchiveOutputStream zip, String name, byte[] bytes)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    zip.putArchiveEntry(entry);
    zip.write(bytes);
    zip.closeArchiveEntry();
  }

  private static void tarEntry(TarArchiveOutputStream tar, String name, Mail mail)
      throws IOException {
    byte[] bytes = mail.lf();
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setModTime(FileTime.from(mail.date()));
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  // ---- the API ----

  private static JsonObject restore(String email, Path archive, String expected) throws Exception {
    HttpResponse<String> response = upload(email, archive, true);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    long id = Long.parseLong(response.body().replaceAll("\\D+", ""));
    return awaitRestoration(id, expected);
  }

  private static HttpResponse<String> upload(String email, Path file, boolean withHeader)
      throws Exception {
    return upload("api/restorations", email, file, withHeader);
  }

  private static HttpResponse<String> upload(
      String path, String email, Path file, boolean withHeader) throws Exception {
    String boundary = "----mailferry" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n"
                + email
                + "\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(file));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(payara.baseUrl() + "/" + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("admin:" + io.mailferry.testing.TestAdmin.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (withHeader) {
      request.header("X-Requested-With", "RestorationIT");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the restoration until the condition holds; fails with the last answer. */
  private static JsonObject awaitRestoration(
      long id, java.util.function.Predicate<JsonObject> condition) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      last = admin.get("api/restorations/" + id).object();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(250); // between two polls of the application's state
    }
    throw new AssertionError("restoration " + id + " never got there in " + TIMEOUT + ": " + last);
  }

  /** Polls the restoration until it has finished; fails unless it ended as expected. */
  private static JsonObject awaitRestoration(long id, String expected) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      ApiClient.Answer answer = admin.get("api/restorations/" + id);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      last = answer.object();
      String status = last.getString("status");
      if (status.equals("COMPLETED") || status.equals("ERROR")) {
        assertThat(status).as(last.toString()).isEqualTo(expected);
        return last;
      }
      Thread.sleep(250); // between two polls of the application's state
    }
    throw new AssertionError("restoration " + id + " did not finish in " + TIMEOUT + ": " + last);
  }

  /** The restorations' private directories (kept until each completes). */
  private static List<Path> spoolDirectories() throws IOException {
    if (!Files.exists(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.sorted().toList();
    }
  }

  // ---- users ----

  private static String newDestinationUser(String name) throws Exception {
    insertUser(
        newDatabase,
        name,
        "{SHA512-CRYPT}" + Sha2Crypt.sha512Crypt((name + "-pw").getBytes(StandardCharsets.UTF_8)));
    return name + "@" + DOMAIN;
  }

  private static ImapMailbox openAsMaster(String email) throws Exception {
    return ImapMailbox.open(
        destination.host(),
        destination.imapPort(),
        destination.masterLogin(email),
        destination.masterPassword());
  }

  private static void insertUser(String database, String userid, String hash) throws Exception {
    try (Connection c = connect(database);
        Statement sql = c.createStatement()) {
      sql.execute(
          "INSERT INTO mailserver.users (userid, domain, password) VALUES ('"
              + userid
              + "', '"
              + DOMAIN
              + "', '"
              + hash.replace("'", "''")
              + "')");
    }
  }

  private static List<String> passwordHashes(String database, String userid) throws Exception {
    List<String> hashes = new ArrayList<>();
    try (Connection c = connect(database);
        Statement sql = c.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT password FROM mailserver.users WHERE userid = '" + userid + "'")) {
      while (rows.next()) {
        hashes.add(rows.getString(1));
      }
    }
    return hashes;
  }

  private static Connection connect(String database) throws Exception {
    return DriverManager.getConnection(
        postgres.jdbcUrl(database), postgres.user(), postgres.password());
  }

  private static String pool(String name, String database, String resource) {
    return "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
        + " --restype javax.sql.DataSource "
        + name
        + "\n"
        + "set resources.jdbc-connection-pool."
        + name
        + ".property.serverName=127.0.0.1\n"
        + "set resources.jdbc-connection-pool."
        + name
        + ".property.portNumber="
        + postgres.port()
        + "\n"
        + "set resources.jdbc-connection-pool."
        + name
        + ".property.databaseName="
        + database
        + "\n"
        + "set resources.jdbc-connection-pool."
        + name
        + ".property.user="
        + postgres.user()
        + "\n"
        + "set resources.jdbc-connection-pool."
        + name
        + ".property.password="
        + postgres.password()
        + "\n"
        + "create-jdbc-resource --connectionpoolid "
        + name
        + " "
        + resource
        + "\n";
  }

  // ---- the browser ----

  private static WebDriver browser() throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    ChromeOptions options = HeadlessChromium.options(profile, 1400, 1000);
    ChromeDriver driver = new ChromeDriver(options);
    driver.manage().window().setSize(new Dimension(1400, 1000));
    return driver;
  }

  private static void screenshot(WebDriver browser, String name) {
    try {
      Path shots = dir.getParent().getParent().resolve("screenshots").resolve("RestorationIT");
      Files.createDirectories(shots);
      Files.write(
          shots.resolve(name + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      System.err.println("no screenshot " + name + ": " + e);
    }
  }
}
