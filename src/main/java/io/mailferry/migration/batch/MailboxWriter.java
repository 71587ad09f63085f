package io.mailferry.migration.batch;

import io.mailferry.migration.application.FolderBatch;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Appends each chunk to the destination and records it in the chunk's transaction. */
@Dependent
@Named
public class MailboxWriter extends AbstractItemWriter {

  @Inject StepContext step;

  @Override
  public void writeItems(List<Object> items) {
    PartitionCopy partition = (PartitionCopy) step.getTransientUserData();
    for (Object item : items) {
      partition.write((FolderBatch) item);
    }
  }
}
