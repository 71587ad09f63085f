package io.mailferry.ops;

import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * What the public {@code /health} endpoints show of a check: its name and up or down. Hosts,
 * database products and error texts would tell an outsider how the service is built; the admin
 * reads them from {@code GET /api/health}.
 */
final class PublicHealth {

  private PublicHealth() {}

  static HealthCheckResponse withoutData(HealthCheckResponse details) {
    return HealthCheckResponse.named(details.getName())
        .status(details.getStatus() == HealthCheckResponse.Status.UP)
        .build();
  }
}
