package io.mailferry.migration.application;

import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.FolderPlanner;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.PlannedFolder;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The folders of a mailbox in the order they are copied, each with its committed checkpoint. */
final class MailboxPlan {

  /** Saves the plan as checkpoints (new folders get one, known ones keep theirs). */
  interface Checkpoints {
    List<FolderCheckpoint> save(List<PlannedFolder> plan, Map<String, FolderSize> totals);
  }

  private MailboxPlan() {}

  /** The source's folders, counted in the same go where the server can: what a plan starts from. */
  static List<ListedFolder> sourceFolders(MailSource source) throws MessagingException {
    source.countsAndBytesAhead();
    return source.listFolders();
  }

  /** The folder a plan of these source folders copies first: INBOX, where it can be opened. */
  static Optional<String> firstFolder(List<ListedFolder> sourceFolders) {
    return sourceFolders.stream()
        .filter(f -> f.selectable() && f.path().isInbox())
        .map(ListedFolder::fullName)
        .findFirst();
  }

  /**
   * The plan: each source folder mapped onto the destination, counted and saved with its
   * checkpoint, in the order copied.
   *
   * @param sourceFolders the source's folders ({@link #sourceFolders})
   * @param note where each folder's mapping is told (the IMAP tool's log), or a no-op
   */
  static List<FolderState> of(
      List<ListedFolder> sourceFolders,
      MailSource source,
      MailDestination destination,
      List<ListedFolder> destinationFolders,
      FolderRules rules,
      Checkpoints checkpoints,
      Consumer<String> note)
      throws MessagingException {
    List<PlannedFolder> plan =
        FolderPlanner.plan(
            sourceFolders,
            destination.separator(),
            destination.namespacePrefix(),
            destinationFolders,
            rules);
    Map<String, FolderSize> totals =
        source.countsAndBytes(
            plan.stream()
                .filter(PlannedFolder::selectable)
                .map(PlannedFolder::sourceName)
                .toList());
    Map<String, PlannedFolder> bySource = new HashMap<>();
    for (PlannedFolder p : plan) {
      bySource.put(p.sourceName(), p);
      note.accept(
          "Folder \""
              + p.sourceName()
              + "\" maps to \""
              + p.destinationName()
              + "\""
              + (p.selectable() ? "" : " (no messages: \\Noselect)"));
    }
    List<FolderState> folders = new ArrayList<>();
    for (FolderCheckpoint checkpoint : checkpoints.save(plan, totals)) {
      PlannedFolder planned = bySource.get(checkpoint.getSourceName());
      folders.add(
          new FolderState(
              checkpoint,
              planned.sourcePath().displayName(),
              planned.selectable(),
              planned.subscribed()));
    }
    folders.sort(Comparator.comparingInt(f -> bySource.get(f.sourceName).position()));
    return folders;
  }
}
