package io.mailferry.restore.application;

import io.mailferry.migration.domain.Fingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, message by message in restore order, what a folder's destination lacks. Each copy the
 * destination holds matches one source message with its fingerprint, so a message the source holds
 * twice is appended as often as it is missing. Positions at or before the checkpoint were handled
 * by an earlier run: each of them matched or made one copy, which is spoken for.
 */
final class MissingMessages {

  /** One chunk's decision. */
  record Taken(List<SourceItem> toAppend, long present, long doneThrough, boolean last) {}

  private final List<SourceItem> items;
  private final Map<Fingerprint, Integer> onDestination;
  private int cursor;
  private long doneThrough;

  MissingMessages(
      List<SourceItem> items, Map<Fingerprint, Integer> onDestination, long doneThrough) {
    this.items = List.copyOf(items);
    this.onDestination = new HashMap<>(onDestination);
    this.doneThrough = doneThrough;
    while (cursor < this.items.size() && this.items.get(cursor).position() <= doneThrough) {
      consume(this.items.get(cursor++).fingerprint());
    }
  }

  boolean hasMore() {
    return cursor < items.size();
  }

  /** The next up to {@code maxMessages} messages, appending at most about {@code maxBytes}. */
  Taken next(int maxMessages, long maxBytes) {
    List<SourceItem> toAppend = new ArrayList<>();
    long present = 0;
    long bytes = 0;
    int taken = 0;
    while (cursor < items.size()
        && taken < maxMessages
        && (bytes == 0 || bytes + items.get(cursor).size() <= maxBytes)) {
      SourceItem item = items.get(cursor++);
      taken++;
      doneThrough = item.position();
      if (consume(item.fingerprint())) {
        present++;
      } else {
        toAppend.add(item);
        bytes += item.size();
      }
    }
    return new Taken(toAppend, present, doneThrough, !hasMore());
  }

  long doneThrough() {
    return doneThrough;
  }

  /** Takes one destination copy of the fingerprint; false when none is left. */
  private boolean consume(Fingerprint fingerprint) {
    Integer copies = onDestination.get(fingerprint);
    if (copies == null) {
      return false;
    }
    if (copies > 1) {
      onDestination.put(fingerprint, copies - 1);
    } else {
      onDestination.remove(fingerprint);
    }
    return true;
  }
}
