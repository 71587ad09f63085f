package io.mailferry.web.pages;

import io.mailferry.migration.application.JobDetail;
import io.mailferry.migration.application.JobInstanceView;
import io.mailferry.migration.application.JobPage;
import io.mailferry.migration.application.JobService;
import io.mailferry.migration.application.JobView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The whole Jakarta Batch job history, paged by the JobOperator, newest first, filtered by status
 * and mailbox; each execution's step metrics and partitions; stop and restart.
 */
@Named
@ViewScoped
public class JobHistory implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int ADDRESSES_SHOWN = 3;

  @Inject JobService jobs;

  private String statusFilter = "";
  private String mailboxFilter = "";
  private final Model model = new Model();
  private transient Map<Long, JobDetail> details = new HashMap<>();

  /** The table's rows: job instances, loaded a page at a time. */
  public LazyDataModel<JobInstanceView> getModel() {
    return model;
  }

  public void refresh() {
    details().clear();
  }

  public void stop(long executionId) {
    try {
      int mailboxes = jobs.stop(executionId);
      PageMessages.info(
          "Job execution "
              + executionId
              + " is stopping: "
              + (mailboxes == 1 ? "its mailbox stops" : "its " + mailboxes + " mailboxes stop")
              + " after the chunk being copied, and resume from there when you restart it.");
    } catch (RuntimeException e) {
      PageMessages.failure("stopping job execution " + executionId, e);
    }
    refresh();
  }

  public void restart(long executionId) {
    try {
      long next = jobs.restart(executionId);
      PageMessages.info(
          "Job execution "
              + executionId
              + " was restarted as execution "
              + next
              + "; its unfinished mailboxes continue from their checkpoints.");
    } catch (RuntimeException e) {
      PageMessages.failure("restarting job execution " + executionId, e);
    }
    refresh();
  }

  /** Step metrics and partitions of an execution, read once per refresh. */
  public JobDetail detail(long executionId) {
    return details().computeIfAbsent(executionId, jobs::detail);
  }

  private Map<Long, JobDetail> details() {
    if (details == null) {
      details = new HashMap<>();
    }
    return details;
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

  public List<String> getStatuses() {
    return List.of(
        "STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED", "ABANDONED");
  }

  public String getStatusFilter() {
    return statusFilter;
  }

  public void setStatusFilter(String statusFilter) {
    this.statusFilter = statusFilter == null ? "" : statusFilter;
  }

  public String getMailboxFilter() {
    return mailboxFilter;
  }

  public void setMailboxFilter(String mailboxFilter) {
    this.mailboxFilter = mailboxFilter == null ? "" : mailboxFilter.trim();
  }

  private final class Model extends LazyDataModel<JobInstanceView> {

    private static final long serialVersionUID = 1L;
    private transient JobPage last;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, page(0, 1).total());
    }

    @Override
    public List<JobInstanceView> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      last = page(first, pageSize);
      setRowCount((int) Math.min(Integer.MAX_VALUE, last.total()));
      return last.instances();
    }

    private JobPage page(int first, int size) {
      return jobs.page(first, size, statusFilter, mailboxFilter);
    }

    @Override
    public String getRowKey(JobInstanceView row) {
      return String.valueOf(row.instanceId());
    }

    @Override
    public JobInstanceView getRowData(String rowKey) {
      return last == null
          ? null
          : last.instances().stream()
              .filter(i -> String.valueOf(i.instanceId()).equals(rowKey))
              .findFirst()
              .orElse(null);
    }
  }
}
