package io.mailferry.migration.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The check after a folder's last chunk: every message this run recorded is on the destination (its
 * UID among the destination's own), and no source message is left without a record or a reason.
 */
final class FolderVerification {

  private FolderVerification() {}

  /**
   * @param vanished destination UIDs this run recorded that the destination does not hold: their
   *     records are forgotten, so that the next run copies those messages again
   * @param problem what is wrong, for the folder's report; null when nothing is
   */
  record Outcome(List<Long> vanished, String problem) {}

  /**
   * @param recordedThisRun the destination UIDs of this run's records (null where the server gave
   *     none)
   * @param onDestination the UIDs the destination folder holds now
   * @param outstanding the folder's source messages with an unresolved error
   */
  static Outcome judge(List<Long> recordedThisRun, Set<Long> onDestination, long outstanding) {
    List<Long> vanished =
        recordedThisRun.stream()
            .filter(uid -> uid != null && !onDestination.contains(uid))
            .toList();
    long unnumbered = recordedThisRun.stream().filter(uid -> uid == null).count();
    List<String> problems = new ArrayList<>();
    if (outstanding > 0) {
      problems.add(outstanding + " source messages are not on the destination (see the errors)");
    }
    if (!vanished.isEmpty()) {
      problems.add(
          vanished.size() + " messages copied in this run are no longer on the destination");
    }
    if (onDestination.size() < unnumbered) {
      problems.add(
          "the destination holds "
              + onDestination.size()
              + " messages, fewer than the "
              + unnumbered
              + " copied in this run");
    }
    return new Outcome(vanished, problems.isEmpty() ? null : String.join("; ", problems));
  }
}
