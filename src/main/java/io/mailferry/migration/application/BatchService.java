package io.mailferry.migration.application;

import io.mailferry.migration.domain.BatchCsv;
import io.mailferry.migration.domain.BatchLine;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MasterLogin;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.migration.domain.RejectedLine;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Batch migration: an uploaded CSV is checked line by line (and, if asked, every login tried on its
 * source) and recorded as a batch only when no line is bad; {@link BatchStarter} then starts it.
 * The uploaded bytes are not kept; passwords are sealed before they are stored.
 */
@ApplicationScoped
public class BatchService {

  private static final Logger LOG = Logger.getLogger(BatchService.class.getName());

  @Inject BatchRecords records;
  @Inject LoginChecks logins;

  public BatchUpload upload(byte[] csv, BatchOptions options) {
    if (options.hasMasterLogin()
        && (options.masterPassword() == null || options.masterPassword().isEmpty())) {
      throw new IllegalArgumentException("the master login needs its password (masterPassword)");
    }
    if (options.waveSize() != null && options.waveSize() < 1) {
      throw new IllegalArgumentException("a wave holds at least one mailbox");
    }
    if (csv == null || csv.length == 0) {
      return new BatchUpload(
          null,
          0,
          List.of(
              new RejectedLine(
                  1,
                  "the file is empty: the first line must name the"
                      + " columns, e.g. email,password")));
    }
    Map<String, MailDomain> domains = records.domains();
    BatchCsv.Result parsed =
        new BatchCsv(domains::containsKey, options.hasMasterLogin()).parse(csv);
    List<RejectedLine> rejected = new ArrayList<>(parsed.rejected());
    Map<String, MigrationStatus> busy =
        records.unfinished(parsed.lines().stream().map(BatchRecords::address).toList());
    for (BatchLine line : parsed.lines()) {
      MigrationStatus status = busy.get(BatchRecords.address(line));
      if (status != null) {
        rejected.add(
            new RejectedLine(
                line.line(),
                BatchRecords.address(line)
                    + " is being migrated already ("
                    + status
                    + "): leave it out or wait until it finishes"));
      }
    }
    if (rejected.isEmpty() && options.checkLogins()) {
      rejected.addAll(logins.refused(attempts(parsed.lines(), options, domains)));
    }
    if (!rejected.isEmpty()) {
      Collections.sort(rejected);
      LOG.info(() -> "Batch " + options.name() + " refused: " + rejected.size() + " bad lines");
      return new BatchUpload(null, parsed.lines().size(), List.copyOf(rejected));
    }
    long id = records.create(options, parsed.lines());
    LOG.info(
        () ->
            "Batch "
                + id
                + " ("
                + options.name()
                + ") recorded: "
                + parsed.lines().size()
                + " mailboxes"
                + (options.startAt() == null ? "" : ", starting at " + options.startAt())
                + (options.waveSize() == null ? "" : ", in waves of " + options.waveSize()));
    return new BatchUpload(id, parsed.lines().size(), List.of());
  }

  private static List<LoginChecks.Attempt> attempts(
      List<BatchLine> lines, BatchOptions options, Map<String, MailDomain> domains) {
    MasterLogin master = options.hasMasterLogin() ? new MasterLogin(options.masterLogin()) : null;
    List<LoginChecks.Attempt> attempts = new ArrayList<>();
    for (BatchLine line : lines) {
      String own = line.sourceLogin() == null ? line.email() : line.sourceLogin();
      attempts.add(
          new LoginChecks.Attempt(
              line.line(),
              line.email(),
              domains.get(MailboxMigration.domainOf(line.email())),
              master == null ? own : master.loginFor(own),
              master == null ? line.password() : options.masterPassword()));
    }
    return attempts;
  }

  public List<BatchView> list(int max) {
    return records.list(max);
  }

  public BatchView view(long id) {
    return records.view(id);
  }

  public String report(long id) {
    return BatchReport.csv(records.view(id).members());
  }

  /**
   * Stops the batch: nothing more starts, and its job executions stop after their current chunk
   * (checkpointed). Its mailboxes go back to the queue, where they wait for a restart.
   */
  public BatchView stop(long id) {
    JobOperator operator = BatchRuntime.getJobOperator();
    for (long execution : records.stop(id)) {
      BatchStarter.stopExecution(operator, execution);
    }
    LOG.info(() -> "Batch " + id + " stopped");
    return records.view(id);
  }

  /** Resumes a stopped batch: its unfinished mailboxes continue from their checkpoints. */
  public BatchView restart(long id) {
    records.resume(id);
    LOG.info(() -> "Batch " + id + " restarted");
    return records.view(id);
  }

  /** Queues the batch's failed mailboxes again; they continue from their checkpoints. */
  public BatchView resyncFailed(long id) {
    int count = records.resyncFailed(id);
    LOG.info(() -> "Batch " + id + ": " + count + " failed mailboxes queued again");
    return records.view(id);
  }
}
