package io.mailferry.restore.archive;

import io.mailferry.migration.domain.FolderPath;
import java.util.List;

/** A folder of the archive with its messages in the order they are restored. */
public record ArchiveFolder(FolderPath path, List<ArchiveMessage> messages) {

  public ArchiveFolder {
    messages = List.copyOf(messages);
  }
}
