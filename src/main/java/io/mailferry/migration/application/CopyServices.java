package io.mailferry.migration.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.migration.application.ChunkLedger.ChunkResult;
import io.mailferry.migration.application.port.MailServers;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What the copy of a mailbox works with, and the views of the ledger each of its parts is given
 * (each part names only what it needs, so that it can be tested without a database).
 *
 * @param pipeline the threads of the copy pipeline, or null to read and append on the batch thread
 * @param oneOffs the IMAP tool's typed-in servers and protocol traces, or null
 */
record CopyServices(
    MailferryConfig config,
    MigrationProgress progress,
    ChunkLedger ledger,
    OutstandingMessages outstanding,
    LoadGate gate,
    MailboxSlots slots,
    SecretBox secrets,
    Clock clock,
    Executor pipeline,
    WriteFence fence,
    MailServers servers,
    OneOffCopies oneOffs) {

  DestinationRecovery.Marks marks() {
    return new DestinationRecovery.Marks() {
      @Override
      public void destinationMark(long checkpointId, long uidValidity, long uidNext) {
        ledger.destinationMark(checkpointId, uidValidity, uidNext);
      }

      @Override
      public Set<Long> recordedDestinationUids(long checkpointId, long fromUid) {
        return ledger.recordedDestinationUids(checkpointId, fromUid);
      }
    };
  }

  StaleRecords.Lookup staleRecords() {
    return new StaleRecords.Lookup() {
      @Override
      public boolean hasRecordsOutside(long checkpointId, long uidValidity) {
        return ledger.hasRecordsOutside(checkpointId, uidValidity);
      }

      @Override
      public Map<String, List<MigratedMessage>> recordsByFingerprint(
          long checkpointId, Collection<String> fingerprints) {
        return ledger.recordsByFingerprint(checkpointId, fingerprints);
      }
    };
  }

  ChunkRecorder.Ledger chunks() {
    return new ChunkRecorder.Ledger() {
      @Override
      public void renumber(long recordId, UidValidity uidValidity, Uid uid) {
        ledger.renumber(recordId, uidValidity, uid);
      }

      @Override
      public void recordChunk(ChunkResult chunk) {
        ledger.recordChunk(chunk);
      }
    };
  }

  FolderEndChecks.Ledger folderEnds(long migrationId) {
    return new FolderEndChecks.Ledger() {
      @Override
      public List<MigratedMessage> records(long checkpointId, long uidValidity, List<Long> uids) {
        return ledger.records(checkpointId, uidValidity, uids);
      }

      @Override
      public List<Long> destinationUidsOfRun(long checkpointId, int run) {
        return ledger.destinationUidsOfRun(checkpointId, run);
      }

      @Override
      public long outstandingIn(String folder) {
        return outstanding.outstandingIn(migrationId, folder);
      }

      @Override
      public void forgetRecords(long checkpointId, int run, List<Long> destinationUids) {
        ledger.forgetRecords(checkpointId, run, destinationUids);
      }
    };
  }

  FolderReader.Accounting gapAccounting(long migrationId, int run) {
    return new FolderReader.Accounting() {
      @Override
      public Set<Long> accountedUids(FolderState folder, long uidValidity) {
        return outstanding.accountedUids(
            folder.checkpointId, migrationId, folder.sourceName, uidValidity, run);
      }

      @Override
      public void tryingAgain(FolderState folder) {
        outstanding.supersedeErrors(migrationId, folder.sourceName, run);
      }
    };
  }
}
