package io.mailferry.migration.batch;

import io.mailferry.migration.application.MailboxCopies;
import io.mailferry.migration.application.MailboxCopy;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** Reads one mailbox chunk by chunk; shares its {@link MailboxCopy} with the writer. */
@Dependent
@Named
public class MailboxReader extends AbstractItemReader {

  @Inject
  @BatchProperty
  String migrationId;

  @Inject StepContext step;
  @Inject MailboxCopies copies;

  private MailboxCopy copy;

  @Override
  public void open(Serializable checkpoint) {
    copy = copies.create(Long.parseLong(migrationId));
    step.setTransientUserData(copy);
    copy.open();
  }

  @Override
  public Object readItem() {
    return copy.nextBatch();
  }

  @Override
  public void close() {
    if (copy != null) {
      copy.close();
    }
  }
}
