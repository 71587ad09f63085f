package io.mailferry.migration.application;

import io.mailferry.cluster.MailboxLeases;
import io.mailferry.config.MailferryConfig;
import io.mailferry.config.SecretBox;
import io.mailferry.migration.application.timing.MailboxPhases;
import io.mailferry.migration.application.timing.TimedMailServers;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Makes the copy of one mailbox with everything it needs. */
@ApplicationScoped
public class MailboxCopies {

  @Inject MailferryConfig config;
  @Inject MigrationProgress progress;
  @Inject ChunkLedger ledger;
  @Inject OutstandingMessages outstanding;
  @Inject LoadGate gate;
  @Inject MailboxSlots slots;
  @Inject SecretBox secrets;
  @Inject io.mailferry.migration.application.port.MailServers servers;
  @Inject OneOffCopies oneOffs;
  @Inject MailboxLeases leases;
  @Inject MailboxPhases phases;

  /** Runs the copy pipeline: the next chunk read from the source, the one before appended. */
  @jakarta.annotation.Resource jakarta.enterprise.concurrent.ManagedExecutorService readAhead;

  public MailboxCopy create(long migrationId) {
    TimedMailServers timed =
        new TimedMailServers(
            servers, phases.starting(migrationId, progress.find(migrationId).getEmail()));
    return new MailboxCopy(
        migrationId,
        new CopyServices(
            config,
            progress,
            ledger,
            outstanding,
            gate,
            slots,
            secrets,
            Clock.systemUTC(),
            readAhead,
            id -> {
              if (!leases.holds(id)) {
                throw LeaseLost.of(id, leases.instanceId());
              }
            },
            timed,
            oneOffs));
  }
}
