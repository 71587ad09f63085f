package io.mailferry.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Alive while the application is deployed; reports the load gate (open unless closed; its state and
 * the mailboxes it allows) and the slots in use.
 */
@org.eclipse.microprofile.health.Liveness
@ApplicationScoped
public class Liveness implements HealthCheck {

  @Inject LoadGate gate;
  @Inject MailboxSlots slots;

  /** Up or down only: the public {@code /health} shows no host, product or error. */
  @Override
  public HealthCheckResponse call() {
    return PublicHealth.withoutData(details());
  }

  /** With the details, for the admin ({@code GET /api/health}). */
  public HealthCheckResponse details() {
    return HealthCheckResponse.named("mailferry")
        .up()
        .withData("loadGateOpen", gate.isOpen())
        .withData("loadGateState", gate.state().name())
        .withData("mailboxesAllowed", gate.allowed())
        .withData("mailboxesCopying", slots.inUse())
        .withData("maxConcurrentMailboxes", slots.capacity())
        .build();
  }
}
