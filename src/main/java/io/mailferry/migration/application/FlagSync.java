package io.mailferry.migration.application;

import io.mailferry.imap.FlagList;
import io.mailferry.migration.application.port.MailDestination.FlagChange;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which flag changes a resync carries over: only the flags that changed on the source since they
 * were recorded, so that what the user changed on the destination meanwhile stays.
 */
final class FlagSync {

  private FlagSync() {}

  /** The changes to send, and the records whose source flags they bring up to date. */
  record Plan(List<FlagChange> changes, List<MigratedMessage> updated) {}

  /**
   * @param records the records of the messages whose flags the source reports
   * @param now the source's flags now, by source UID
   * @param copyDeleted whether \Deleted is carried over (the domain's setting)
   */
  static Plan plan(List<MigratedMessage> records, Map<Uid, Flags> now, boolean copyDeleted) {
    List<FlagChange> changes = new ArrayList<>();
    List<MigratedMessage> updated = new ArrayList<>();
    for (MigratedMessage record : records) {
      Flags current = now.get(Uid.of(record.getSourceUid()));
      if (current == null || record.getDestUid() == null) {
        continue;
      }
      Set<String> before = FlagList.toSet(FlagList.parse(record.getSourceFlags()));
      Set<String> after = FlagList.toSet(current);
      Set<String> added = difference(after, before);
      Set<String> removed = difference(before, after);
      for (Set<String> side : List.of(added, removed)) {
        side.remove("\\Recent");
        if (!copyDeleted) {
          side.remove("\\Deleted");
        }
      }
      if (added.isEmpty() && removed.isEmpty()) {
        continue;
      }
      changes.add(
          new FlagChange(record.getDestUid(), String.join(" ", added), String.join(" ", removed)));
      record.setSourceFlags(FlagList.format(current));
      updated.add(record);
    }
    return new Plan(changes, updated);
  }

  private static Set<String> difference(Set<String> from, Set<String> without) {
    Set<String> result = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    result.addAll(from);
    result.removeAll(without);
    return result;
  }
}
