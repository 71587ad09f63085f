package io.mailferry.migration.application;

import io.mailferry.migration.application.ChunkLedger.Verification;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What is done on the destination with a folder's last chunk: the flags changed on the source since
 * the last run are carried over, and the folder is verified against the destination's own list.
 */
final class FolderEndChecks {

  private static final Logger LOG = Logger.getLogger(FolderEndChecks.class.getName());

  /** The records of the copy, as far as these checks need them; joins the chunk's transaction. */
  interface Ledger {
    List<MigratedMessage> records(long checkpointId, long uidValidity, List<Long> uids);

    List<Long> destinationUidsOfRun(long checkpointId, int run);

    long outstandingIn(String folder);

    void forgetRecords(long checkpointId, int run, List<Long> destinationUids);
  }

  private final Supplier<MailDestination> destination;
  private final Ledger ledger;
  private final int run;
  private final boolean copyDeleted;
  private final String mailbox;

  FolderEndChecks(
      Supplier<MailDestination> destination,
      Ledger ledger,
      int run,
      boolean copyDeleted,
      String mailbox) {
    this.destination = destination;
    this.ledger = ledger;
    this.run = run;
    this.copyDeleted = copyDeleted;
    this.mailbox = mailbox;
  }

  /**
   * Carries over flags changed on the source since the last run. Only the flags that changed on the
   * source are touched on the destination, so what the user changed there stays.
   */
  void carryOverFlags(FolderBatch batch) throws MessagingException {
    if (batch.flagChanges.isEmpty() || batch.uidValidity == null) {
      return;
    }
    List<Long> uids = batch.flagChanges.keySet().stream().map(Uid::value).toList();
    FlagSync.Plan plan =
        FlagSync.plan(
            ledger.records(batch.folder.checkpointId, batch.uidValidity.value(), uids),
            batch.flagChanges,
            copyDeleted);
    List<MailDestination.FlagChange> changes = plan.changes();
    destination.get().changeFlags(batch.folder.destinationName, changes);
    if (!changes.isEmpty()) {
      LOG.info(
          () ->
              "Mailbox "
                  + mailbox
                  + ": flags of "
                  + changes.size()
                  + " messages in "
                  + batch.folder.displayName
                  + " changed on the source and were carried over");
    }
  }

  /**
   * After a folder's last chunk: every message this run recorded is on the destination (UIDs
   * against the destination's own list), and no source message is left without a record or a reason
   * (the gap pass has tried each one again). What the destination acknowledged but does not hold is
   * not copied: its record is forgotten, so the next run copies it.
   */
  Verification verify(FolderBatch end) throws MessagingException {
    FolderState folder = end.folder;
    FolderVerification.Outcome outcome =
        FolderVerification.judge(
            ledger.destinationUidsOfRun(folder.checkpointId, run),
            destination.get().uids(folder.destinationName),
            ledger.outstandingIn(folder.sourceName));
    ledger.forgetRecords(folder.checkpointId, run, outcome.vanished());
    return new Verification(Math.max(0, end.sourceMessages), outcome.problem());
  }
}
