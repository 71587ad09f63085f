package io.mailferry.restore.application;

import io.mailferry.config.SecretBox;
import io.mailferry.ops.LoadGate;
import io.mailferry.ops.MailboxSlots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Makes the {@link RestorationCopy} of a job execution with the beans it works with. */
@ApplicationScoped
public class RestorationCopies {

  @Inject RestoreSettings settings;
  @Inject RestorationRecords records;
  @Inject LoadGate gate;
  @Inject MailboxSlots slots;
  @Inject SecretBox secrets;

  public RestorationCopy create(long restorationId) {
    return new RestorationCopy(restorationId, settings, records, gate, slots, secrets);
  }
}
