package io.mailferry.restore.application;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.MessageContent;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.restore.archive.ArchiveFolder;
import io.mailferry.restore.archive.ArchiveMessage;
import io.mailferry.restore.archive.ExtractedArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An archive unpacked by the upload: folders and messages from its manifest. */
final class ArchiveSource implements RestoreSource {

  private static final long IN_MEMORY = 1024 * 1024;

  private final ExtractedArchive archive;

  ArchiveSource(ExtractedArchive archive) {
    this.archive = archive;
  }

  @Override
  public List<ListedFolder> folders() {
    return archive.folders().stream()
        .map(f -> new ListedFolder(f.path().displayName(), f.path(), Set.of(), true, true))
        .toList();
  }

  private ArchiveFolder folder(String name) {
    return archive.folders().stream()
        .filter(f -> f.path().displayName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the archive has no folder " + name));
  }

  @Override
  public List<SourceItem> items(String folder) {
    List<ArchiveMessage> messages = folder(folder).messages();
    List<SourceItem> items = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      ArchiveMessage m = messages.get(i);
      items.add(new SourceItem(i + 1, m.fingerprint(), m.size(), m.file()));
    }
    return items;
  }

  /**
   * Small messages are read into memory; a large one is copied to a spool file of its own, which
   * the append removes, so the unpacked archive stays whole for a restart.
   */
  @Override
  public Map<Long, OutgoingMessage> read(String folder, List<SourceItem> items, Path spool)
      throws IOException {
    List<ArchiveMessage> messages = folder(folder).messages();
    Map<Long, OutgoingMessage> result = new HashMap<>();
    for (SourceItem item : items) {
      ArchiveMessage m = messages.get((int) item.position() - 1);
      Path file = archive.file(m);
      MessageContent content;
      if (m.size() <= IN_MEMORY) {
        byte[] bytes = Files.readAllBytes(file);
        content = MessageContent.inMemory(bytes, 0, bytes.length);
      } else {
        Path copy = Files.createTempFile(spool, "msg-", ".eml");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        content = MessageContent.spooled(copy);
      }
      result.put(
          item.position(), new OutgoingMessage(content, m.flags(), m.date(), m.fingerprint()));
    }
    return result;
  }

  @Override
  public void close() {}
}
