package io.mailferry.web.pages;

import io.mailferry.migration.application.JobService;
import io.mailferry.migration.application.JobView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** The Jakarta Batch job history, and restarting a failed or stopped execution. */
@Named
@ViewScoped
public class JobHistory implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 100;
  private static final int ADDRESSES_SHOWN = 3;

  @Inject JobService jobs;

  private transient List<JobView> rows;

  public List<JobView> getRows() {
    if (rows == null) {
      refresh();
    }
    return rows;
  }

  public void refresh() {
    rows = jobs.recent(SHOWN);
  }

  public void restart(long executionId) {
    try {
      long next = jobs.restart(executionId);
      PageMessages.info(
          "Job execution "
              + executionId
              + " was restarted as execution "
              + next
              + "; its failed mailboxes continue from their checkpoints.");
    } catch (RuntimeException e) {
      PageMessages.failure("restarting job execution " + executionId, e);
    }
    refresh();
  }

  /**
   * Only the newest execution of a job instance can be restarted (Jakarta Batch): an older failed
   * one that was already restarted shows no button.
   */
  public boolean canRestart(JobView job) {
    return job.restartable()
        && getRows().stream()
            .noneMatch(
                other ->
                    other.instanceId() == job.instanceId()
                        && other.executionId() > job.executionId());
  }

  /** A batch of a thousand mailboxes would not fit in a row: the first few, and how many more. */
  public String mailboxes(JobView job) {
    List<String> all =
        Arrays.stream(job.mailboxes().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (all.isEmpty()) {
      return "—";
    }
    if (all.size() <= ADDRESSES_SHOWN) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, ADDRESSES_SHOWN))
        + " and "
        + (all.size() - ADDRESSES_SHOWN)
        + " more";
  }

  /** The full list, for the cell's tooltip. */
  public String allMailboxes(JobView job) {
    return job.mailboxes();
  }
}
