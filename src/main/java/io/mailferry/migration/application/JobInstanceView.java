package io.mailferry.migration.application;

import java.util.List;

/**
 * One job instance (one set of mailboxes) with its executions, newest first: the first run and each
 * restart. Only the newest can be stopped or restarted (Jakarta Batch 10.8).
 */
public record JobInstanceView(long instanceId, List<JobView> executions) {

  public JobInstanceView {
    executions = List.copyOf(executions);
    if (executions.isEmpty()) {
      throw new IllegalArgumentException("job instance " + instanceId + " has no execution");
    }
  }

  public JobView latest() {
    return executions.get(0);
  }

  /** The executions before the newest one: the runs that were restarted. */
  public List<JobView> earlier() {
    return executions.subList(1, executions.size());
  }
}
