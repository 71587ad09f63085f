package io.mailferry.migration.batch;

import io.mailferry.cluster.MailboxLeases;
import io.mailferry.migration.application.FolderCursor;
import io.mailferry.migration.application.LeaseLost;
import io.mailferry.migration.application.MailboxActions;
import io.mailferry.migration.application.MailboxCopies;
import io.mailferry.migration.application.MailboxCopy;
import io.mailferry.migration.application.MailboxStoppedException;
import io.mailferry.migration.application.MigrationProgress;
import io.mailferry.migration.application.PartitionMetrics;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reads one mailbox chunk by chunk; shares its {@link MailboxCopy} with the writer. A mailbox an
 * admin paused, cancelled or stopped with its job execution is not opened (paused and cancelled) or
 * stops before its next chunk: the checkpoints of the chunks done stay. The partition copies only
 * under this instance's lease on the mailbox: taken before it opens, checked before each chunk,
 * given back when it closes.
 *
 * <p>Its checkpoint is the {@link FolderCursor} of the last chunk written. On a restart the runtime
 * hands it back; the copy still resumes from the folder checkpoints in the database.
 */
@Dependent
@Named
public class MailboxReader extends AbstractItemReader {

  private static final Logger LOG = Logger.getLogger(MailboxReader.class.getName());

  @Inject @BatchProperty String migrationId;

  @Inject JobContext job;
  @Inject StepContext step;
  @Inject MailboxCopies copies;
  @Inject PartitionMetrics metrics;
  @Inject MailboxActions actions;
  @Inject MailboxLeases leases;
  @Inject MigrationProgress progress;

  private MailboxCopy copy;
  private PartitionCopy partition;
  private boolean leased;

  @Override
  public void open(Serializable checkpoint) {
    long id = Long.parseLong(migrationId);
    FolderCursor cursor = checkpoint instanceof FolderCursor given ? given : null;
    if (cursor != null) {
      cursor = resumedFrom(id, cursor);
    }
    MigrationStatus status = actions.currentStatus(id);
    if (status == null || status.isHeld()) {
      throw new MailboxStoppedException("mailbox " + id + " is " + status + ": not copied", null);
    }
    if (!leases.acquire(id)) {
      throw new MailboxStoppedException(
          "mailbox " + id + " is being copied by another instance: not copied here", null);
    }
    leased = true;
    try {
      copy = copies.create(id);
      partition = new PartitionCopy(copy, cursor);
      step.setTransientUserData(partition);
      copy.open();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public Object readItem() {
    long id = Long.parseLong(migrationId);
    if (!leases.holds(id)) {
      throw LeaseLost.of(id, leases.instanceId());
    }
    MigrationStatus status = actions.currentStatus(id);
    if (status == null || !status.isActive()) {
      throw new MailboxStoppedException(
          "mailbox " + migrationId + " is " + status + ": stopped at a chunk boundary", null);
    }
    return copy.nextBatch();
  }

  /**
   * Where the runtime's checkpoint says this partition stood, against the folder checkpoints in the
   * database. The database wins: its folder checkpoint commits in the same transaction as the
   * chunk's records, whereas the runtime stores its checkpoint in the job repository, and between
   * the two executions the mailbox may have been copied further (a resync, the dispatcher starting
   * it again from its checkpoint, another instance) or reconciled after a UIDVALIDITY change, none
   * of which this execution's checkpoint knows.
   *
   * @return the cursor the partition continues from: the runtime's when both agree, else the
   *     database's
   */
  private FolderCursor resumedFrom(long id, FolderCursor cursor) {
    List<FolderCheckpoint> stored = progress.checkpoints(id);
    Optional<String> difference = cursor.differenceFrom(stored);
    if (difference.isEmpty()) {
      return cursor;
    }
    LOG.warning(
        () ->
            "Mailbox "
                + id
                + ": restarted with a batch checkpoint the database does not share: "
                + difference.get()
                + ". The copy resumes from the database's checkpoint");
    return stored.stream()
        .filter(c -> c.getSourceName().equals(cursor.folder()))
        .findFirst()
        .map(
            c ->
                new FolderCursor(
                    c.getSourceName(), c.getUidValidity(), c.getLastUid(), c.isCompleted()))
        .orElse(null);
  }

  /** The cursor of the last chunk written: what the runtime stores with each commit. */
  @Override
  public Serializable checkpointInfo() {
    return partition == null ? null : partition.cursor();
  }

  /** Closed after the last commit or on a failure: the partition's counts are final here. */
  @Override
  public void close() {
    try {
      if (copy != null) {
        copy.close();
        copy = null;
      }
    } finally {
      metrics.record(
          job.getExecutionId(),
          Long.parseLong(migrationId),
          PartitionMetrics.Counts.of(step.getMetrics()));
      if (leased) {
        leased = false;
        leases.release(Long.parseLong(migrationId));
      }
    }
  }
}
