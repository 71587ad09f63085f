package io.mailferry.restore.batch;

import io.mailferry.restore.application.RestorationCopy;
import io.mailferry.restore.application.RestoreChunk;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Appends each chunk to the destination and records it. */
@Dependent
@Named
public class RestorationWriter extends AbstractItemWriter {

  @Inject StepContext step;

  @Override
  public void writeItems(List<Object> items) {
    RestorationCopy copy = (RestorationCopy) step.getTransientUserData();
    for (Object item : items) {
      copy.write((RestoreChunk) item);
    }
  }
}
