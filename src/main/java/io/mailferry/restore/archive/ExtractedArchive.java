package io.mailferry.restore.archive;

import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderPath;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive unpacked into its spool directory: the message files and {@code manifest.tsv}, one
 * line per folder ({@code F}, index, segments joined by U+001F) and per message ({@code M}, folder
 * index, file, epoch second, flags, size, fingerprint). A restart reads it back.
 */
public record ExtractedArchive(Path directory, List<ArchiveFolder> folders) {

  static final String MANIFEST = "manifest.tsv";
  private static final String SEGMENTS = "\u001f";

  public ExtractedArchive {
    folders = List.copyOf(folders);
  }

  public Path file(ArchiveMessage message) {
    return directory.resolve(message.file());
  }

  public int messageCount() {
    return folders.stream().mapToInt(f -> f.messages().size()).sum();
  }

  void writeManifest() throws IOException {
    Path temporary = directory.resolve(MANIFEST + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      for (int i = 0; i < folders.size(); i++) {
        ArchiveFolder folder = folders.get(i);
        out.write("F\t" + i + "\t" + String.join(SEGMENTS, folder.path().segments()) + "\n");
        for (ArchiveMessage m : folder.messages()) {
          out.write(
              "M\t"
                  + i
                  + "\t"
                  + m.file()
                  + "\t"
                  + m.date().getEpochSecond()
                  + "\t"
                  + m.flags()
                  + "\t"
                  + m.size()
                  + "\t"
                  + m.fingerprint()
                  + "\n");
        }
      }
    }
    Files.move(
        temporary,
        directory.resolve(MANIFEST),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads an archive unpacked earlier. */
  public static ExtractedArchive read(Path directory) throws IOException {
    Map<Integer, FolderPath> paths = new LinkedHashMap<>();
    Map<Integer, List<ArchiveMessage>> messages = new LinkedHashMap<>();
    for (String line : Files.readAllLines(directory.resolve(MANIFEST), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      int index = Integer.parseInt(f[1]);
      if (f[0].equals("F")) {
        paths.put(index, new FolderPath(Arrays.asList(f[2].split(SEGMENTS))));
        messages.put(index, new ArrayList<>());
      } else {
        messages
            .get(index)
            .add(
                new ArchiveMessage(
                    f[2],
                    Instant.ofEpochSecond(Long.parseLong(f[3])),
                    f[4],
                    Long.parseLong(f[5]),
                    new Fingerprint(f[6])));
      }
    }
    List<ArchiveFolder> folders = new ArrayList<>();
    paths.forEach((index, path) -> folders.add(new ArchiveFolder(path, messages.get(index))));
    return new ExtractedArchive(directory, folders);
  }
}
