package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a mailbox's copy stands after a chunk: the source folder, its UIDVALIDITY (null for a
 * folder that holds no messages) and the highest UID committed in it under that UIDVALIDITY. The
 * batch reader hands it to the runtime as its checkpoint; the folder checkpoint in the database
 * stays what a copy resumes from.
 */
public record FolderCursor(String folder, Long uidValidity, long lastUid, boolean folderDone)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public FolderCursor {
    Objects.requireNonNull(folder, "folder");
  }

  /** The cursor after this chunk, written after the chunk {@code previous} names (or none). */
  public static FolderCursor after(FolderBatch batch, FolderCursor previous) {
    String folder = batch.folder.sourceName;
    Long uidValidity = batch.uidValidity == null ? null : batch.uidValidity.value();
    long last =
        previous != null
                && previous.folder.equals(folder)
                && Objects.equals(previous.uidValidity, uidValidity)
            ? previous.lastUid
            : 0;
    for (FolderBatch.Entry entry : batch.entries) {
      last = Math.max(last, entry.ref().uid().value());
    }
    return new FolderCursor(folder, uidValidity, last, batch.endOfFolder);
  }

  /**
   * What the database's folder checkpoints say against this cursor, in a sentence; empty when they
   * agree. A folder that the cursor names and the database no longer plans is a difference too.
   */
  public Optional<String> differenceFrom(List<FolderCheckpoint> checkpoints) {
    FolderCheckpoint stored =
        checkpoints.stream().filter(c -> c.getSourceName().equals(folder)).findFirst().orElse(null);
    if (stored == null) {
      return Optional.of("the database has no checkpoint for the folder \"" + folder + "\"");
    }
    boolean sameValidity = Objects.equals(stored.getUidValidity(), uidValidity);
    if (sameValidity && stored.getLastUid() == lastUid && (!folderDone || stored.isCompleted())) {
      return Optional.empty();
    }
    return Optional.of(
        "the batch checkpoint has \""
            + folder
            + "\" at UID "
            + lastUid
            + " (UIDVALIDITY "
            + uidValidity
            + (folderDone ? ", folder done" : "")
            + "), the database at UID "
            + stored.getLastUid()
            + " (UIDVALIDITY "
            + stored.getUidValidity()
            + (stored.isCompleted() ? ", folder done" : "")
            + ")");
  }
}
