package io.mailferry.migration.application.timing;

import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The phase times of the mailboxes this instance copies, by migration id: those copying now and the
 * last {@value #KEPT} that ended. A mailbox that pauses and starts again keeps adding to the same
 * times; one that starts after it ended (a resync, a restart after an error) starts afresh. Kept in
 * memory only: another instance, or a restart, does not know them.
 */
@ApplicationScoped
public class MailboxPhases {

  static final int KEPT = 2_000;

  private final Map<Long, PhaseTimes> byId =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PhaseTimes> eldest) {
          return size() > KEPT && eldest.getValue().finished();
        }
      };

  /** The times a mailbox's copy adds to as it starts (or starts again after a pause). */
  public synchronized PhaseTimes starting(long migrationId, String email) {
    PhaseTimes times = byId.get(migrationId);
    if (times == null || times.finished()) {
      times = new PhaseTimes(email);
      byId.put(migrationId, times);
    }
    return times;
  }

  /** Adds the time since {@code startNanos} to the record phase of a copying mailbox. */
  public void recorded(long migrationId, long startNanos) {
    PhaseTimes times = current(migrationId);
    if (times != null) {
      times.add(Phase.RECORD, Side.DATABASE, startNanos);
    }
  }

  /** Now, on the clock {@link #recorded} measures by. */
  public long start() {
    return System.nanoTime();
  }

  /** Ends a mailbox's times (it completed or stopped); empty when it was not copying here. */
  public synchronized Optional<PhaseTimes> finish(long migrationId) {
    PhaseTimes times = byId.get(migrationId);
    if (times == null || times.finished()) {
      return Optional.empty();
    }
    times.finish();
    return Optional.of(times);
  }

  /** The latest times of a mailbox by its address, copying or ended. */
  public synchronized Optional<PhaseTimes.Report> of(String email) {
    PhaseTimes latest = null;
    for (PhaseTimes times : byId.values()) {
      if (times.email().equalsIgnoreCase(email)) {
        latest = times;
      }
    }
    return Optional.ofNullable(latest).map(PhaseTimes::report);
  }

  private synchronized PhaseTimes current(long migrationId) {
    PhaseTimes times = byId.get(migrationId);
    return times == null || times.finished() ? null : times;
  }
}
