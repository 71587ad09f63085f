package io.mailferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Writes a seeded corpus straight into a user's maildir on a test Dovecot: thousands of messages in
 * a second, where APPENDs would take minutes. Dovecot takes the file's mtime as INTERNALDATE and
 * the ":2," suffix as flags.
 */
public final class MaildirCorpus {

  private final DovecotServer server;
  private final String email;
  private final Random random;

  /** Part of every file name and Message-ID: two corpora added to one maildir never collide. */
  private final long seed;

  private int sequence;

  public MaildirCorpus(DovecotServer server, String email, long seed) {
    this.server = server;
    this.email = email;
    this.random = new Random(seed);
    this.seed = seed;
  }

  /** The maildir directory of a folder given by its levels (none for INBOX). */
  public Path folderDirectory(String... levels) {
    Path root = server.maildir(email);
    if (levels.length == 0 || (levels.length == 1 && levels[0].equalsIgnoreCase("INBOX"))) {
      return root;
    }
    if (server.layout() == DovecotServer.Layout.DOT_INBOX_PREFIX) {
      return root.resolve("." + String.join(".", levels));
    }
    Path folder = root;
    for (String level : levels) {
      folder = folder.resolve(level);
    }
    return folder;
  }

  /**
   * Adds {@code count} messages of about {@code averageSize} bytes (varied ±50 %) with mixed flags
   * and dates spread over years.
   */
  public MaildirCorpus add(int count, int averageSize, String... folder) {
    return addSized(count, averageSize / 2, averageSize / 2 + Math.max(1, averageSize) - 1, folder);
  }

  /** Adds {@code count} messages of {@code minSize} to {@code maxSize} bytes (at least 300). */
  public MaildirCorpus addSized(int count, int minSize, int maxSize, String... folder) {
    return addSizes(
        count,
        () -> Math.max(300, minSize + random.nextInt(Math.max(1, maxSize - minSize + 1))),
        folder);
  }

  /**
   * Adds {@code count} messages whose sizes in bytes the supplier gives, one call per message (e.g.
   * from a distribution of its own); flags and dates as {@link #addSized}.
   */
  public MaildirCorpus addSizes(int count, IntSupplier sizes, String... folder) {
    Path directory = folderDirectory(folder);
    try {
      for (String sub : new String[] {"cur", "new", "tmp"}) {
        Files.createDirectories(directory.resolve(sub));
      }
      if (!directory.equals(server.maildir(email))
          && server.layout() == DovecotServer.Layout.DOT_INBOX_PREFIX) {
        Path marker = directory.resolve("maildirfolder");
        if (!Files.exists(marker)) {
          Files.createFile(marker);
        }
      }
      for (int i = 0; i < count; i++) {
        int n = sequence++;
        int size = Math.max(300, sizes.getAsInt());
        Instant date =
            Instant.parse("2012-01-01T00:00:00Z")
                .plus(Duration.ofMinutes(random.nextInt(6_000_000)));
        String flags = (random.nextInt(3) > 0 ? "S" : "") + (random.nextInt(10) == 0 ? "F" : "");
        flags = sortFlags(flags + (random.nextInt(8) == 0 ? "R" : ""));
        Path file =
            directory
                .resolve("cur")
                .resolve((1_500_000_000L + n) + ".M" + n + "P" + seed + ".corpus:2," + flags);
        Files.write(file, message(n, size, date));
        Files.setLastModifiedTime(file, FileTime.from(date));
      }
      TestProcesses.chown(server.maildir(email).getParent(), DovecotServer.MAIL_USER, true);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sortFlags(String flags) {
    char[] letters = flags.toCharArray();
    java.util.Arrays.sort(letters);
    return new String(letters);
  }

  private byte[] message(int n, int size, Instant date) {
    StringBuilder text = new StringBuilder(size + 200);
    text.append("Message-ID: <corpus-")
        .append(email.hashCode())
        .append('-')
        .append(seed)
        .append('-')
        .append(n)
        .append("@corpus.test>\r\n");
    text.append("Date: ")
        .append(
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                date.atZone(java.time.ZoneOffset.UTC)))
        .append("\r\n");
    text.append("From: Corpus <corpus@example.org>\r\n");
    text.append("To: ").append(email).append("\r\n");
    text.append("Subject: Corpus message ").append(n).append("\r\n");
    text.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    while (text.length() < size) {
      text.append("Lorem ipsum ").append(random.nextInt(1_000_000)).append(" dolor sit amet\r\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
