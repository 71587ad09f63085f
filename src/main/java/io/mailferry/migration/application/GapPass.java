package io.mailferry.migration.application;

import io.mailferry.migration.domain.Uid;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * After the ordinary read of a folder reached its end: the source messages neither recorded nor
 * left out by a rule in this run (refused before, not served, lost to a crash), to be read again,
 * so that a run ends with every message on the destination or with the reason it is not. The
 * folder's end batch follows them.
 */
final class GapPass {

  private final FolderBatch end;
  private final Deque<Uid> missing;

  private GapPass(FolderBatch end, Deque<Uid> missing) {
    this.end = end;
    this.missing = missing;
  }

  /**
   * @param onSource every UID the source folder holds, ascending
   * @param accounted the UIDs this run has recorded or left out for a reason
   */
  static GapPass of(FolderBatch end, List<Uid> onSource, Set<Long> accounted) {
    end.sourceMessages = onSource.size();
    Collection<Uid> missing =
        onSource.stream().filter(uid -> !accounted.contains(uid.value())).toList();
    return new GapPass(end, new ArrayDeque<>(missing));
  }

  FolderBatch end() {
    return end;
  }

  int missing() {
    return missing.size();
  }

  boolean isDone() {
    return missing.isEmpty();
  }

  /** The first missing UIDs, at most {@code max}. */
  List<Uid> nextWanted(int max) {
    return missing.stream().limit(max).toList();
  }

  /** Every missing UID up to this one has been read (or is no longer on the source). */
  void readUpTo(Uid last) {
    while (!missing.isEmpty() && missing.peekFirst().compareTo(last) <= 0) {
      missing.pollFirst();
    }
  }
}
