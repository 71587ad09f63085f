package io.mailferry.ops;

import io.mailferry.config.MailferryConfig;
import io.mailferry.imap.ServerEndpoint;
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

  @Override
  public HealthCheckResponse call() {
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
