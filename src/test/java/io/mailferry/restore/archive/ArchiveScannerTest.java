package io.mailferry.restore.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.migration.domain.FolderPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveScannerTest {

  private static final Instant UPLOADED = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void anMboxIsSplitAtFromLinesWithItsQuotingUndoneAndItsStateHeadersTurnedIntoFlags()
      throws IOException {
    String mbox =
        "From alice@example.org Wed Mar  4 05:06:07 2020\n"
            + "Message-ID: <one@x>\nSubject: one\nStatus: RO\nX-Status: AF\n"
            + "X-Keywords: $Label1 work\n\nbody one\n>From the start\n>>From twice quoted\n\n"
            + "From bob@example.org Thu Dec 31 23:59:59 2020\n"
            + "Message-ID: <two@x>\nSubject: two\n\nbody two\n";
    Path upload = Files.writeString(dir.resolve("Sent.mbox"), mbox);

    ExtractedArchive archive = scan(upload, "Sent.mbox");

    assertThat(archive.folders())
        .singleElement()
        .satisfies(
            folder -> {
              assertThat(folder.path()).isEqualTo(FolderPath.ofDisplayName("Sent"));
              assertThat(folder.messages()).hasSize(2);
            });
    ArchiveMessage first = archive.folders().get(0).messages().get(0);
    assertThat(first.date()).isEqualTo(Instant.parse("2020-03-04T05:06:07Z"));
    assertThat(first.flags()).isEqualTo("$Label1 \\Answered \\Flagged \\Seen work");
    assertThat(Files.readString(archive.file(first)))
        .isEqualTo(
            "Message-ID: <one@x>\r\nSubject: one\r\n\r\nbody one\r\nFrom the start\r\n"
                + ">From twice quoted\r\n");
    assertThat(first.size()).isEqualTo(Files.size(archive.file(first)));
    ArchiveMessage second = archive.folders().get(0).messages().get(1);
    assertThat(second.date()).isEqualTo(Instant.parse("2020-12-31T23:59:59Z"));
    assertThat(second.flags()).isEmpty();
    assertThat(Files.readString(archive.file(second)))
        .isEqualTo("Message-ID: <two@x>\r\nSubject: two\r\n\r\nbody two\r\n");
  }

  @Test
  void theManifestReadsBackAsItWasWritten() throws IOException {
    Path upload =
        Files.writeString(
            dir.resolve("mbox"), "From a Wed Mar  4 05:06:07 2020\nSubject: x\n\nbody\n");
    ExtractedArchive archive = scan(upload, "mbox");

    assertThat(ExtractedArchive.read(archive.directory())).isEqualTo(archive);
    assertThat(archive.folders().get(0).path()).isEqualTo(FolderPath.INBOX);
  }

  @Test
  void aMaildirPlusPlusZipKeepsFoldersFlagsKeywordsAndFileTimes() throws IOException {
    Instant mtime = Instant.parse("2019-05-06T07:08:09Z");
    Path upload = dir.resolve("maildir.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      zipFile(zip, "Maildir/cur/1500000000.M1P1.host,S=20:2,S", "Subject: a\n\nA\n", mtime);
      zipFile(zip, "Maildir/new/1500000001.M2P1.host", "Subject: b\n\nB\n", mtime);
      zipFile(
          zip,
          "Maildir/.Projects.2024/cur/1500000002.M3P1.host:2,FRTab",
          "Subject: c\n\nC\n",
          mtime);
      zipFile(zip, "Maildir/.Projects.2024/dovecot-keywords", "0 $Forwarded\n1 Important\n", mtime);
      zipFile(
          zip, "Maildir/.&BCEEPwQwBDw-/cur/1500000003.M4P1.host:2,", "Subject: d\n\nD\n", mtime);
      zipFile(zip, "Maildir/dovecot-uidlist", "3 V1 N4\n", mtime);
      zipFile(zip, "Maildir/.Projects.2024/tmp/1500000009.M9P9.host", "half written", mtime);
    }

    ExtractedArchive archive = scan(upload, "maildir.zip");

    assertThat(archive.folders())
        .extracting(f -> f.path().displayName())
        .containsExactly("INBOX", "Projects/2024", "Спам");
    List<ArchiveMessage> inbox = archive.folders().get(0).messages();
    assertThat(inbox).extracting(ArchiveMessage::flags).containsExactly("\\Seen", "");
    assertThat(inbox).extracting(ArchiveMessage::date).containsOnly(mtime);
    assertThat(archive.folders().get(1).messages())
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.flags())
                    .isEqualTo("$Forwarded \\Answered \\Deleted \\Flagged Important"));
    assertThat(Files.readString(archive.file(inbox.get(0)))).isEqualTo("Subject: a\r\n\r\nA\r\n");
  }

  @Test
  void aZipWithoutExactFileTimesTakesTheDateFromTheMaildirName() throws IOException {
    Path upload = dir.resolve("dos-times.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      ZipArchiveEntry entry = new ZipArchiveEntry("cur/1500000000.M1P1.host:2,S");
      entry.setTime(Instant.parse("2019-05-06T07:08:10Z").toEpochMilli()); // a DOS time only
      zip.putArchiveEntry(entry);
      zip.write("Subject: a\n\nA\n".getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }

    ArchiveMessage message = scan(upload, "dos-times.zip").folders().get(0).messages().get(0);

    assertThat(message.date()).isEqualTo(Instant.ofEpochSecond(1_500_000_000L));
  }

  @Test
  void aTarGzOfAnFsLayoutTakesItsDatesFromTheFiles() throws IOException {
    Path upload = dir.resolve("mail.tar.gz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(upload)))) {
      tarFile(
          tar, "home/Maildir/cur/1600000000.A.h:2,S", "Subject: in\n\nx\n", "2021-01-02T03:04:05Z");
      tarFile(
          tar,
          "home/Maildir/Archive/2020/cur/1600000001.B.h:2,",
          "Subject: old\n\ny\n",
          "2020-06-07T08:09:10Z");
    }

    ExtractedArchive archive = scan(upload, "mail.tar.gz");

    assertThat(archive.folders())
        .extracting(f -> f.path().displayName())
        .containsExactly("INBOX", "Archive/2020");
    assertThat(archive.folders().get(1).messages().get(0).date())
        .isEqualTo(Instant.parse("2020-06-07T08:09:10Z"));
  }

  @Test
  void aZipOfMboxFilesMakesOneFolderPerFile() throws IOException {
    Path upload = dir.resolve("export.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      zipFile(
          zip, "export/Inbox", "From a Wed Mar  4 05:06:07 2020\nSubject: x\n\nbody\n", UPLOADED);
      zipFile(
          zip,
          "export/Lists.sbd/Jakarta.mbox",
          "From a Wed Mar  4 05:06:07 2020\nSubject: y\n\nbody\n",
          UPLOADED);
      zipFile(zip, "export/Inbox.msf", "// index", UPLOADED);
    }

    assertThat(scan(upload, "export.zip").folders())
        .extracting(f -> f.path().displayName())
        .containsExactly("INBOX", "Lists/Jakarta");
  }

  @Test
  void aPathThatClimbsOutOfTheArchiveIsRefusedByName() throws IOException {
    Path upload = dir.resolve("evil.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      zipFile(zip, "Maildir/cur/1.a:2,S", "Subject: a\n\nA\n", UPLOADED);
      zipFile(zip, "Maildir/../../../etc/cron.d/evil", "* * * * * root sh\n", UPLOADED);
    }

    assertThatThrownBy(() -> scan(upload, "evil.zip"))
        .isInstanceOf(RefusedArchiveException.class)
        .hasMessageContaining("'Maildir/../../../etc/cron.d/evil'")
        .hasMessageContaining("path traversal");
    assertThat(Files.exists(dir.resolve("../etc"))).isFalse();
  }

  @Test
  void anAbsolutePathIsRefused() {
    assertThatThrownBy(() -> EntryName.segments("/etc/passwd"))
        .hasMessageContaining("'/etc/passwd'")
        .hasMessageContaining("absolute");
  }

  @Test
  void aZipBombIsRefusedAtTheEntryThatExplodes() throws IOException {
    Path upload = dir.resolve("bomb.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      ZipArchiveEntry entry = new ZipArchiveEntry("Maildir/cur/1.bomb:2,S");
      zip.putArchiveEntry(entry);
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 50; i++) {
        zip.write(zeros);
      }
      zip.closeArchiveEntry();
    }
    assertThat(Files.size(upload)).isLessThan(200_000);

    assertThatThrownBy(() -> scan(upload, "bomb.zip"))
        .isInstanceOf(RefusedArchiveException.class)
        .hasMessageContaining("'Maildir/cur/1.bomb:2,S'")
        .hasMessageContaining("times its compressed size");
  }

  @Test
  void moreEntriesOrBytesThanTheLimitsAreRefused() throws IOException {
    Path upload = dir.resolve("many.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      for (int i = 0; i < 5; i++) {
        zipFile(zip, "Maildir/cur/" + i + ".x:2,", "Subject: " + i + "\n\nbody\n", UPLOADED);
      }
    }
    assertThatThrownBy(
            () ->
                ArchiveScanner.scan(
                    upload, "many.zip", spool(), new ArchiveLimits(3, 1 << 20, 100), UPLOADED))
        .hasMessageContaining("'Maildir/cur/3.x:2,'")
        .hasMessageContaining("more than 3 entries");
    assertThatThrownBy(
            () ->
                ArchiveScanner.scan(
                    upload, "many.zip", spool(), new ArchiveLimits(100, 40, 100), UPLOADED))
        .hasMessageContaining("unpacks to more than 40 bytes");
  }

  @Test
  void aSymbolicLinkIsRefused() throws IOException {
    Path upload = dir.resolve("link.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(upload))) {
      TarArchiveEntry link = new TarArchiveEntry("Maildir/cur/1.x:2,S", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/shadow");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }

    assertThatThrownBy(() -> scan(upload, "link.tar"))
        .hasMessageContaining("'Maildir/cur/1.x:2,S'")
        .hasMessageContaining("links");
  }

  @Test
  void aFileThatIsNeitherAnMboxNorAMaildirMessageIsRefusedByName() throws IOException {
    Path upload = dir.resolve("odd.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(upload)) {
      zipFile(zip, "Sent.mbox", "From a Wed Mar  4 05:06:07 2020\nSubject: x\n\nbody\n", UPLOADED);
      zipFile(zip, "notes.txt", "shopping list\n", UPLOADED);
    }

    assertThatThrownBy(() -> scan(upload, "odd.zip"))
        .hasMessageContaining("'notes.txt'")
        .hasMessageContaining("not an mbox file");
  }

  @Test
  void somethingThatIsNoArchiveAtAllIsRefused() throws IOException {
    Path upload = Files.writeString(dir.resolve("photo.jpg"), "\u00ff\u00d8 not mail");
    assertThatThrownBy(() -> scan(upload, "photo.jpg"))
        .hasMessageContaining("not a zip, tar, tar.gz or mbox file");
  }

  private ExtractedArchive scan(Path upload, String name) throws IOException {
    return ArchiveScanner.scan(upload, name, spool(), ArchiveLimits.DEFAULT, UPLOADED);
  }

  private Path spool() throws IOException {
    return Files.createTempDirectory(dir, "spool");
  }

  private static void zipFile(ZipArchiveOutputStream zip, String name, String text, Instant time)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setLastModifiedTime(FileTime.from(time));
    zip.putArchiveEntry(entry);
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeArchiveEntry();
  }

  private static void tarFile(TarArchiveOutputStream tar, String name, String text, String time)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setModTime(FileTime.from(Instant.parse(time)));
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
