package io.mailferry.migration.application;

import io.mailferry.migration.domain.MigratedMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records of a folder made under an earlier UIDVALIDITY whose fingerprints match messages of a
 * chunk: those messages were copied before the source renumbered them (RFC 3501 2.3.1.1) and must
 * not be copied again. A record under the current UIDVALIDITY names another message.
 */
final class StaleRecords {

  /** The records of the copy, as far as this needs them. */
  interface Lookup {
    boolean hasRecordsOutside(long checkpointId, long uidValidity);

    Map<String, List<MigratedMessage>> recordsByFingerprint(
        long checkpointId, Collection<String> fingerprints);
  }

  private final Lookup lookup;

  /** Whether a folder has records of another UIDVALIDITY, by checkpoint: asked once per run. */
  private final Map<Long, Boolean> foldersWithStaleRecords = new ConcurrentHashMap<>();

  StaleRecords(Lookup lookup) {
    this.lookup = lookup;
  }

  /** Whether the folder is known to have no stale record (so a chunk needs no look-up). */
  boolean knownNone(FolderState folder) {
    return Boolean.FALSE.equals(foldersWithStaleRecords.get(folder.checkpointId));
  }

  /** The stale records matching the batch's messages, by fingerprint. */
  Map<String, List<MigratedMessage>> of(FolderBatch batch) {
    if (batch.uidValidity == null || batch.entries.isEmpty()) {
      return Map.of();
    }
    long checkpointId = batch.folder.checkpointId;
    long current = batch.uidValidity.value();
    // Only a folder whose UIDVALIDITY changed has such records, and none appear during a run.
    boolean any =
        foldersWithStaleRecords.computeIfAbsent(
            checkpointId, id -> lookup.hasRecordsOutside(id, current));
    if (!any) {
      return Map.of();
    }
    Map<String, List<MigratedMessage>> stale = new HashMap<>();
    lookup
        .recordsByFingerprint(
            checkpointId,
            batch.entries.stream().map(e -> e.ref().fingerprint().value()).distinct().toList())
        .forEach(
            (fingerprint, records) -> {
              List<MigratedMessage> old =
                  new ArrayList<>(
                      records.stream().filter(r -> r.getUidValidity() != current).toList());
              if (!old.isEmpty()) {
                stale.put(fingerprint, old);
              }
            });
    return stale;
  }
}
