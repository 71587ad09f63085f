package io.mailferry.migration.batch;

import io.mailferry.cluster.MailboxLeases;
import io.mailferry.migration.application.LeaseLost;
import io.mailferry.migration.application.MailboxActions;
import io.mailferry.migration.application.MailboxCopies;
import io.mailferry.migration.application.MailboxCopy;
import io.mailferry.migration.application.MailboxStoppedException;
import io.mailferry.migration.application.PartitionMetrics;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Reads one mailbox chunk by chunk; shares its {@link MailboxCopy} with the writer. A mailbox an
 * admin paused, cancelled or stopped with its job execution is not opened (paused and cancelled) or
 * stops before its next chunk: the checkpoints of the chunks done stay. The partition copies only
 * under this instance's lease on the mailbox: taken before it opens, checked before each chunk,
 * given back when it closes.
 */
@Dependent
@Named
public class MailboxReader extends AbstractItemReader {

  @Inject @BatchProperty String migrationId;

  @Inject JobContext job;
  @Inject StepContext step;
  @Inject MailboxCopies copies;
  @Inject PartitionMetrics metrics;
  @Inject MailboxActions actions;
  @Inject MailboxLeases leases;

  private MailboxCopy copy;
  private boolean leased;

  @Override
  public void open(Serializable checkpoint) {
    long id = Long.parseLong(migrationId);
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
      step.setTransientUserData(copy);
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
