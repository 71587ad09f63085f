package io.mailferry.web.pages;

import io.mailferry.migration.application.BatchService;
import io.mailferry.migration.application.BatchView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/** One batch: its mailboxes, totals, rate and ETA; stop, restart, resync, the outcome CSV. */
@Named
@ViewScoped
public class BatchDetail implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject BatchService batches;

  private Long id;
  private transient BatchView batch;
  private boolean missing;

  public void load() {
    missing = false;
    batch = null;
    if (id == null) {
      missing = true;
      PageMessages.error("No batch was named: open one from the batches page.");
      return;
    }
    try {
      batch = batches.view(id);
    } catch (RuntimeException e) {
      missing = true;
      PageMessages.failure("showing batch " + id, e);
    }
  }

  public void refresh() {
    if (!missing) {
      load();
    }
  }

  public void stop() {
    act(
        "stopping",
        () -> batches.stop(id),
        "Batch stopped: its mailboxes stop after their" + " current chunk and wait for a restart.");
  }

  public void restart() {
    act(
        "restarting",
        () -> batches.restart(id),
        "Batch restarted: its mailboxes continue where" + " they stopped.");
  }

  public void resyncFailed() {
    act("resyncing", () -> batches.resyncFailed(id), "The failed mailboxes are queued again.");
  }

  private void act(String action, java.util.function.Supplier<BatchView> call, String done) {
    try {
      batch = call.get();
      PageMessages.info(done);
    } catch (RuntimeException e) {
      PageMessages.failure(action + " batch " + id, e);
    }
  }

  public StreamedContent getReport() {
    long batchId = id;
    return DefaultStreamedContent.builder()
        .name("batch-" + batchId + "-report.csv")
        .contentType("text/csv; charset=UTF-8")
        .stream(
            () ->
                new ByteArrayInputStream(batches.report(batchId).getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  public BatchView getBatch() {
    if (batch == null && !missing && id != null) {
      load();
    }
    return batch;
  }

  public boolean isStoppable() {
    BatchView view = getBatch();
    return view != null && ("RUNNING".equals(view.state()) || "SCHEDULED".equals(view.state()));
  }

  public boolean isRestartable() {
    BatchView view = getBatch();
    return view != null && "STOPPED".equals(view.state());
  }

  public boolean isResyncable() {
    BatchView view = getBatch();
    return view != null && view.count("ERROR") > 0;
  }

  /** "2 of 3 (100 mailboxes each)", "one wave", "all done". */
  public String wave() {
    BatchView view = getBatch();
    if (view == null || view.waveSize() == null) {
      return "one wave";
    }
    if (view.currentWave() == null) {
      return "all done (" + view.waves() + " waves)";
    }
    return view.currentWave()
        + " of "
        + view.waves()
        + " ("
        + (view.waveSize() == 1 ? "1 mailbox" : view.waveSize() + " mailboxes")
        + " each)";
  }

  public String rate() {
    BatchView view = getBatch();
    return view == null || view.rate() == null ? "—" : view.rate() + " messages/s";
  }

  /** "1 h 5 min", "42 s"; a dash when unknown. */
  public String eta() {
    BatchView view = getBatch();
    if (view == null || view.etaSeconds() == null) {
      return "—";
    }
    Duration left = Duration.ofSeconds(view.etaSeconds());
    if (left.toHours() > 0) {
      return left.toHours() + " h " + left.toMinutesPart() + " min";
    }
    return left.toMinutes() > 0
        ? left.toMinutes() + " min " + left.toSecondsPart() + " s"
        : left.toSeconds() + " s";
  }

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }
}
