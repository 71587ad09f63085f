package io.mailferry.migration.application;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.migration.application.ServerConnections.Login;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.ops.MailboxSlots;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Admits one mailbox's copy: the claim that keeps the dispatcher from starting it twice, the load
 * gate and a slot of the source's ceiling, and the log-ins to both servers (the stored, sealed
 * source password, or what the IMAP tool was given).
 */
final class MailboxStart {

  /** The mailbox as it starts, where and as whom it logs in, and where folder mappings are told. */
  record Logins(
      MailboxMigration migration, Login source, Login destination, Consumer<String> note) {}

  private final long migrationId;
  private final CopyServices services;
  private boolean claimed;
  private boolean holdsSlot;

  MailboxStart(long migrationId, CopyServices services) {
    this.migrationId = migrationId;
    this.services = services;
  }

  /** Claimed before the status changes, so that the dispatcher never starts it a second time. */
  void claim() {
    MailboxMigration migration = services.progress().find(migrationId);
    if (!services.slots().claim(migrationId)) {
      throw new IllegalStateException(
          "the mailbox " + migration.getEmail() + " is already being migrated");
    }
    claimed = true;
    if (!migration.getStatus().isActive()) {
      services.progress().requeue(migrationId, "Restarted");
    }
  }

  /** Null once the mailbox may copy (it holds a slot), else why it must wait. */
  String admit() throws InterruptedException {
    if (!services.gate().admits(migrationId)) {
      return services.gate().waitingReason();
    }
    MailboxSlots slots = services.slots();
    if (!slots.tryAcquire(migrationId, 2, TimeUnit.SECONDS)) {
      return slots.inUse() < slots.capacity()
          ? "Waiting for a free slot: the source server's "
              + slots.capacity()
              + " slots are taken by copies on other instances"
          : "Waiting for a free slot: "
              + slots.inUse()
              + " of "
              + slots.capacity()
              + " mailboxes are copying";
    }
    holdsSlot = true;
    return null;
  }

  /**
   * @param stop records why the mailbox cannot start and gives the exception to throw
   */
  Logins logins(BiFunction<String, Throwable, MailboxStoppedException> stop) {
    MailboxMigration migration = services.progress().find(migrationId);
    OneOffCopies.OneOff oneOff =
        services.oneOffs() == null
            ? null
            : services.oneOffs().find(migration.getEmail()).orElse(null);
    OneOffCopies.Side typedSource = oneOff == null ? null : oneOff.source();
    if (migration.getSourcePassword() == null && typedSource == null) {
      throw stop.apply(
          "The source password is no longer stored (retention period over, source host changed"
              + " or the domain's migration finished): the user must sign up again",
          null);
    }
    String sourcePassword;
    if (typedSource != null) {
      sourcePassword = typedSource.password();
    } else {
      try {
        sourcePassword = services.secrets().decrypt(migration.getSourcePassword());
      } catch (IllegalStateException e) {
        throw stop.apply(e.getMessage(), e);
      }
    }
    Login source =
        typedSource != null
            ? new Login(
                typedSource.endpoint(), typedSource.login(), sourcePassword, oneOff.trace("source"))
            : new Login(
                migration.getDomain().sourceEndpoint(),
                migration.getSourceLogin(),
                sourcePassword,
                oneOff == null ? null : oneOff.trace("source"));
    Consumer<String> note = oneOff == null ? line -> {} : oneOff::note;
    return new Logins(migration, source, destination(migration, oneOff, sourcePassword), note);
  }

  /** The user's own account (with the source password), as the master user, or as typed in. */
  private Login destination(
      MailboxMigration migration, OneOffCopies.OneOff oneOff, String sourcePassword) {
    ProtocolTrace trace = oneOff == null ? null : oneOff.trace("destination");
    if (oneOff != null && oneOff.destination() != null) {
      OneOffCopies.Side typed = oneOff.destination();
      return new Login(typed.endpoint(), typed.login(), typed.password(), trace);
    }
    var config = services.config();
    if (config.destinationMasterUser().isPresent()) {
      return new Login(
          config.destination(),
          migration.getEmail()
              + config.destinationMasterSeparator()
              + config.destinationMasterUser().get(),
          config.destinationMasterPassword(),
          trace);
    }
    return new Login(config.destination(), migration.getEmail(), sourcePassword, trace);
  }

  /** Gives the slot and the claim back. */
  void release() {
    if (holdsSlot) {
      services.slots().release(migrationId);
      holdsSlot = false;
    }
    if (claimed) {
      services.slots().unclaim(migrationId);
      claimed = false;
    }
  }
}
