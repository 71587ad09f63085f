package io.mailferry.restore.batch;

import io.mailferry.restore.application.RestorationCopies;
import io.mailferry.restore.application.RestorationCopy;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** Reads one restoration chunk by chunk; shares its {@link RestorationCopy} with the writer. */
@Dependent
@Named
public class RestorationReader extends AbstractItemReader {

  @Inject @BatchProperty String restorationId;

  @Inject JobContext job;
  @Inject StepContext step;
  @Inject RestorationCopies copies;

  private RestorationCopy copy;

  @Override
  public void open(Serializable checkpoint) {
    copy = copies.create(Long.parseLong(restorationId));
    step.setTransientUserData(copy);
    copy.open(job.getExecutionId());
  }

  @Override
  public Object readItem() {
    return copy.next();
  }

  @Override
  public void close() {
    if (copy != null) {
      copy.close();
    }
  }
}
