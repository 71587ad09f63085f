package io.mailferry.restore.archive;

import io.mailferry.imap.RawImap;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks an uploaded archive entry by entry and unpacks its messages into a spool directory, or
 * refuses it, naming the entry at fault: an absolute or {@code ../} name, a link, a file that is
 * neither an mbox nor a Maildir message, more entries or bytes than the limits allow. Message files
 * get Mailferry's names ({@code m<n>.eml}); nothing of the archive's naming reaches the file
 * system.
 */
public final class ArchiveScanner {

  private static final Set<String> MAILDIR_DIRECTORIES = Set.of("cur", "new");
  private static final Set<String> IGNORED_FILES =
      Set.of("subscriptions", "maildirfolder", ".ds_store", "thumbs.db", ".uidvalidity");

  private final ArchiveLimits limits;
  private final Path into;
  private final Instant uploaded;
  private int files;

  /** Messages found per Maildir directory (its path segments), with their file names. */
  private final Map<List<String>, List<Pending>> maildirs = new LinkedHashMap<>();

  private final Map<List<String>, Map<Integer, String>> keywords = new HashMap<>();
  private final Map<List<String>, List<Pending>> mboxes = new LinkedHashMap<>();

  private record Pending(MaildirName name, ArchiveMessage message) {}

  private ArchiveScanner(ArchiveLimits limits, Path into, Instant uploaded) {
    this.limits = limits;
    this.into = into;
    this.uploaded = uploaded;
  }

  /**
   * @param upload the uploaded file
   * @param uploadName its name as the client sent it (names the folder of a bare mbox file)
   * @param into an empty private directory
   * @throws RefusedArchiveException when the archive is not one Mailferry restores
   */
  public static ExtractedArchive scan(
      Path upload, String uploadName, Path into, ArchiveLimits limits, Instant uploaded)
      throws IOException {
    ArchiveScanner scanner = new ArchiveScanner(limits, into, uploaded);
    try (ArchiveEntries entries = open(upload, uploadName, limits)) {
      ArchiveEntries.Entry entry;
      while ((entry = entries.next()) != null) {
        scanner.add(entry);
      }
    }
    return scanner.finish();
  }

  private static ArchiveEntries open(Path upload, String uploadName, ArchiveLimits limits)
      throws IOException {
    byte[] head = new byte[512];
    int length;
    try (InputStream in = Files.newInputStream(upload)) {
      length = in.readNBytes(head, 0, head.length);
    }
    if (length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
      return ArchiveEntries.zip(upload, limits);
    }
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      byte[] inner = new byte[512];
      int innerLength;
      try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(upload))) {
        innerLength = in.readNBytes(inner, 0, inner.length);
      } catch (IOException e) {
        throw new RefusedArchiveException(null, "not a readable gzip file: " + e.getMessage());
      }
      if (isTar(inner, innerLength)) {
        return ArchiveEntries.tar(upload, true, limits);
      }
      if (MboxReader.looksLikeMbox(inner, innerLength)) {
        return ArchiveEntries.single(upload, stripGz(uploadName), true, limits);
      }
      throw new RefusedArchiveException(null, "a gzip file that holds neither a tar nor an mbox");
    }
    if (isTar(head, length)) {
      return ArchiveEntries.tar(upload, false, limits);
    }
    if (MboxReader.looksLikeMbox(head, length)) {
      return ArchiveEntries.single(upload, uploadName, false, limits);
    }
    throw new RefusedArchiveException(
        null, "not a zip, tar, tar.gz or mbox file (an mbox starts with a 'From ' line)");
  }

  private static boolean isTar(byte[] head, int length) {
    return length >= 262
        && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
  }

  private static String stripGz(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".gz")
        ? name.substring(0, name.length() - 3)
        : name;
  }

  private void add(ArchiveEntries.Entry entry) throws IOException {
    List<String> path = EntryName.segments(entry.name());
    if (entry.type() == ArchiveEntries.Type.SPECIAL) {
      throw new RefusedArchiveException(
          entry.name(), "links and device files are not allowed in an archive");
    }
    String leaf = path.get(path.size() - 1);
    String parent = path.size() > 1 ? path.get(path.size() - 2) : "";
    if (entry.type() == ArchiveEntries.Type.DIRECTORY) {
      if (MAILDIR_DIRECTORIES.contains(leaf)) {
        maildirs.computeIfAbsent(path.subList(0, path.size() - 1), k -> new ArrayList<>());
      }
      return;
    }
    if (path.contains("__MACOSX")
        || leaf.startsWith("._")
        || parent.equals("tmp")
        || IGNORED_FILES.contains(leaf.toLowerCase(Locale.ROOT))
        || leaf.startsWith("dovecot") && !leaf.equals("dovecot-keywords")
        || leaf.toLowerCase(Locale.ROOT).endsWith(".msf")
        || leaf.startsWith("courier")) {
      return;
    }
    if (leaf.equals("dovecot-keywords")) {
      keywords.put(path.subList(0, path.size() - 1), MaildirName.keywords(entry.content()));
      return;
    }
    if (MAILDIR_DIRECTORIES.contains(parent) && path.size() >= 2) {
      maildirMessage(entry, path, leaf);
      return;
    }
    mbox(entry, path);
  }

  private void maildirMessage(ArchiveEntries.Entry entry, List<String> path, String leaf)
      throws IOException {
    MaildirName name = MaildirName.parse(leaf);
    Instant date =
        entry.preciseTime() && entry.modified() != null
            ? entry.modified()
            : name.delivered() != null
                ? name.delivered()
                : entry.modified() != null ? entry.modified() : uploaded;
    MessageFile file = newFile();
    try (file) {
      LineReader lines = new LineReader(entry.content());
      while (lines.next()) {
        file.write(lines.bytes(), 0, lines.length(), lines.terminated());
      }
    }
    if (file.size() == 0) {
      Files.delete(file.file());
      return;
    }
    ArchiveMessage message = message(file, date, "");
    maildirs
        .computeIfAbsent(List.copyOf(path.subList(0, path.size() - 2)), k -> new ArrayList<>())
        .add(new Pending(name, message));
  }

  private void mbox(ArchiveEntries.Entry entry, List<String> path) throws IOException {
    List<Pending> messages = new ArrayList<>();
    MboxReader.split(
        entry.content(),
        entry.name(),
        new MboxReader.Sink() {
          @Override
          public MessageFile open() throws IOException {
            return newFile();
          }

          @Override
          public void done(MessageFile file, Instant fromLine, String dateHeader, String flags)
              throws IOException {
            if (file.size() == 0) {
              Files.delete(file.file());
              return;
            }
            Instant date = fromLine != null ? fromLine : MboxReader.headerDate(dateHeader);
            if (date == null) {
              date = entry.modified() != null ? entry.modified() : uploaded;
            }
            messages.add(new Pending(null, message(file, date, flags)));
          }
        });
    mboxes.computeIfAbsent(List.copyOf(path), k -> new ArrayList<>()).addAll(messages);
  }

  private MessageFile newFile() throws IOException {
    return new MessageFile(into.resolve("m" + (++files) + ".eml"));
  }

  private static ArchiveMessage message(MessageFile file, Instant date, String flags)
      throws IOException {
    Instant second = Instant.ofEpochSecond(date.getEpochSecond());
    Fingerprint fingerprint =
        RawImap.fingerprintOf(new ByteArrayInputStream(file.header()), second, file.size());
    return new ArchiveMessage(
        file.file().getFileName().toString(), second, flags, file.size(), fingerprint);
  }

  private ExtractedArchive finish() throws IOException {
    Map<FolderPath, List<ArchiveMessage>> folders = new LinkedHashMap<>();
    List<String> maildirRoot = FolderNames.maildirRoot(List.copyOf(maildirs.keySet()));
    maildirs.forEach(
        (directory, pending) -> {
          Map<Integer, String> words = keywords.getOrDefault(directory, Map.of());
          List<ArchiveMessage> list =
              folders.computeIfAbsent(
                  FolderNames.maildir(maildirRoot, directory), k -> new ArrayList<>());
          pending.stream()
              .sorted(
                  Comparator.comparing(
                          (Pending p) ->
                              p.name().delivered() == null ? Instant.MAX : p.name().delivered())
                      .thenComparing(p -> p.name().name()))
              .forEach(
                  p ->
                      list.add(
                          new ArchiveMessage(
                              p.message().file(),
                              p.message().date(),
                              p.name().flags(words),
                              p.message().size(),
                              p.message().fingerprint())));
        });
    List<String> mboxRoot = FolderNames.mboxRoot(List.copyOf(mboxes.keySet()));
    mboxes.forEach(
        (file, pending) ->
            folders
                .computeIfAbsent(FolderNames.mbox(mboxRoot, file), k -> new ArrayList<>())
                .addAll(pending.stream().map(Pending::message).toList()));
    if (folders.isEmpty()) {
      throw new RefusedArchiveException(null, "it holds no mbox file and no Maildir folder");
    }
    List<ArchiveFolder> result = new ArrayList<>();
    folders.forEach((path, messages) -> result.add(new ArchiveFolder(path, messages)));
    ExtractedArchive archive = new ExtractedArchive(into, result);
    archive.writeManifest();
    return archive;
  }
}
