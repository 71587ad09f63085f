package io.mailferry.ops;

import io.mailferry.config.MailferryConfig;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the destination mail server accepts connections. */
@Readiness
@ApplicationScoped
public class DestinationHealth implements HealthCheck {

  @Inject MailferryConfig config;

  /** Up or down only: the public {@code /health} shows no host, product or error. */
  @Override
  public HealthCheckResponse call() {
    return PublicHealth.withoutData(details());
  }

  /** With the details, for the admin ({@code GET /api/health}). */
  public HealthCheckResponse details() {
    ServerEndpoint destination = config.destination();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(destination.host(), destination.port()), 3000);
      return HealthCheckResponse.named("destination")
          .up()
          .withData("server", destination.toString())
          .build();
    } catch (IOException e) {
      return HealthCheckResponse.named("destination")
          .down()
          .withData("server", destination.toString())
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
