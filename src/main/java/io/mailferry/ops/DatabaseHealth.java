package io.mailferry.ops;

import io.mailferry.migration.persistence.MailferryDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

  /** Up or down only: the public {@code /health} shows no host, product or error. */
  @Override
  public HealthCheckResponse call() {
    return PublicHealth.withoutData(details());
  }

  /** With the details, for the admin ({@code GET /api/health}). */
  public HealthCheckResponse details() {
    try (Connection connection = MailferryDatabase.get().dataSource().getConnection()) {
      boolean valid = connection.isValid(5);
      return HealthCheckResponse.named("database")
          .status(valid)
          .withData("product", connection.getMetaData().getDatabaseProductName())
          .build();
    } catch (SQLException e) {
      return HealthCheckResponse.named("database")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
