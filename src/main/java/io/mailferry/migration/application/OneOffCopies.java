package io.mailferry.migration.application;

import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.MailboxMigration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the IMAP tool gives the next copy of one mailbox on this server: a source and a destination
 * typed in (instead of the domain's and Mailferry's), and a log for the protocol trace of both
 * connections. Held in memory for the tool's run only, never stored: a copy that starts without it
 * (another instance, or after a restart) uses the stored settings.
 */
@ApplicationScoped
public class OneOffCopies {

  /** A server and a login on it; the password lives as long as the tool's run. */
  public record Side(ServerEndpoint endpoint, String login, String password) {
    @Override
    public String toString() {
      return endpoint + " as " + login;
    }
  }

  /**
   * @param source the typed-in source, or null for the domain's
   * @param destination the typed-in destination, or null for Mailferry's
   * @param log where the protocol trace and the folder mapping go
   */
  public record OneOff(Side source, Side destination, Consumer<String> log) {

    ProtocolTrace trace(String role) {
      return new ProtocolTrace(role, log);
    }

    void note(String line) {
      log.accept(line);
    }
  }

  private final Map<String, OneOff> byEmail = new ConcurrentHashMap<>();

  public void register(String email, OneOff oneOff) {
    byEmail.put(MailboxMigration.normaliseEmail(email), oneOff);
  }

  public void remove(String email) {
    byEmail.remove(MailboxMigration.normaliseEmail(email));
  }

  Optional<OneOff> find(String email) {
    return Optional.ofNullable(byEmail.get(email));
  }
}
