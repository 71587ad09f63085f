package io.mailferry.fetch.batch;

import io.mailferry.fetch.application.Pop3FetchRunner;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Runs one POP3 fetch; a stop ends it at the next chunk. */
@Dependent
@Named
public class Pop3FetchBatchlet extends AbstractBatchlet {

  @Inject @BatchProperty String fetchId;
  @Inject Pop3FetchRunner runner;

  private volatile boolean stopping;

  @Override
  public String process() {
    runner.run(Long.parseLong(fetchId), () -> stopping);
    return "COMPLETED";
  }

  @Override
  public void stop() {
    stopping = true;
  }
}
