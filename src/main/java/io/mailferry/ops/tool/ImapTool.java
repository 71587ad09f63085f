package io.mailferry.ops.tool;

import io.mailferry.config.MailferryConfig;
import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.NotFoundException;
import io.mailferry.migration.application.OneOffCopies;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.ops.check.ImapProbe;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts tool runs on a managed executor and keeps the last hundred in memory (this server's only).
 * Compare reads both servers; migrate queues the mailbox through the ordinary engine and logs its
 * progress until it completes or stops.
 */
@ApplicationScoped
public class ImapTool {

  private static final int KEPT = 100;

  @Resource private ManagedExecutorService executor;
  @Inject MailferryConfig config;
  @Inject StoredMailbox stored;
  @Inject MigrationService migrations;
  @Inject OneOffCopies oneOffs;

  private final Map<String, ToolRun> runs = new ConcurrentHashMap<>();

  public ToolRun start(ToolRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("mode is required: compare or migrate");
    }
    String mode = request.mode() == null ? "" : request.mode().trim().toLowerCase();
    if (!mode.equals("compare") && !mode.equals("migrate")) {
      throw new IllegalArgumentException("mode '" + request.mode() + "' is not compare or migrate");
    }
    boolean hasEmail = request.email() != null && !request.email().isBlank();
    boolean hasSource = request.source() != null && request.source().given();
    if (!hasEmail && !hasSource) {
      throw new IllegalArgumentException(
          "name a mailbox (email) or type in a source server and login");
    }
    if (mode.equals("migrate") && !hasEmail) {
      throw new IllegalArgumentException("migrate needs the mailbox's address (email)");
    }
    ToolRun run =
        new ToolRun(UUID.randomUUID().toString(), mode, hasEmail ? request.email().trim() : null);
    remember(run);
    if (request.source() != null) {
      run.secret(request.source().password());
    }
    if (request.destination() != null) {
      run.secret(request.destination().password());
    }
    run.secret(config.destinationMasterPassword());
    executor.submit(() -> execute(run, request));
    return run;
  }

  public Optional<ToolRun> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  private void remember(ToolRun run) {
    runs.put(run.id(), run);
    if (runs.size() > KEPT) {
      runs.values().stream()
          .filter(r -> r.status() != ToolRun.Status.RUNNING)
          .min(Comparator.comparing(ToolRun::startedAt))
          .ifPresent(oldest -> runs.remove(oldest.id()));
    }
  }

  private void execute(ToolRun run, ToolRequest request) {
    try {
      if (request.migrate()) {
        migrate(run, request);
      } else {
        compare(run, request);
      }
    } catch (RuntimeException | jakarta.mail.MessagingException e) {
      run.finish(ToolRun.Status.ERROR, ImapProbe.rootMessage(e));
    }
  }

  private void compare(ToolRun run, ToolRequest request) throws jakarta.mail.MessagingException {
    StoredMailbox.Settings settings =
        run.email() == null
            ? null
            : storedOrNull(run.email(), request.source() != null && request.source().given());
    if (settings != null) {
      run.secret(settings.password());
    }
    ImapCompare.Target source;
    FolderRules rules = settings == null ? FolderRules.none() : settings.rules();
    if (request.source() != null && request.source().given()) {
      source =
          new ImapCompare.Target(
              "source",
              endpoint(request.source()),
              request.source().login(),
              request.source().password());
    } else {
      ToolRequest.Side typed = request.source();
      String login = typed != null && typed.login() != null ? typed.login() : settings.login();
      String password =
          typed != null && typed.password() != null && !typed.password().isEmpty()
              ? typed.password()
              : settings.password();
      if (password == null) {
        throw new IllegalStateException(
            "the source password of " + settings.email() + " is no longer stored: type it in");
      }
      source = new ImapCompare.Target("source", settings.source(), login, password);
    }
    ImapCompare.Target destination;
    if (request.destination() != null && request.destination().given()) {
      destination =
          new ImapCompare.Target(
              "destination",
              endpoint(request.destination()),
              request.destination().login(),
              request.destination().password());
    } else {
      String user = run.email() != null ? run.email() : source.login();
      destination =
          config.destinationMasterUser().isPresent()
              ? new ImapCompare.Target(
                  "destination",
                  config.destination(),
                  user + config.destinationMasterSeparator() + config.destinationMasterUser().get(),
                  config.destinationMasterPassword())
              : new ImapCompare.Target(
                  "destination", config.destination(), user, source.password());
    }
    run.log("Compare (dry run): nothing is written to either server");
    new ImapCompare(run, config.connectTimeout(), config.readTimeout())
        .compare(source, destination, rules);
  }

  private StoredMailbox.Settings storedOrNull(String email, boolean optional) {
    try {
      return stored.of(email);
    } catch (RuntimeException e) {
      if (optional
          && io.mailferry.migration.application.ServiceFailures.cause(e)
              instanceof NotFoundException) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Queues the mailbox through the ordinary engine (load gate, ceiling, checkpoints) and follows
   * it. Servers, logins and passwords typed in reach its copy through {@link OneOffCopies}, for
   * this run only; the protocol trace of both connections comes into the log the same way.
   */
  private void migrate(ToolRun run, ToolRequest request) {
    String email = run.email();
    StoredMailbox.Settings settings = storedOrNull(email, true);
    if (settings != null) {
      run.secret(settings.password()); // never in the trace (LOGIN is masked); a second lock
    }
    OneOffCopies.Side source = typedSource(email, request.source());
    OneOffCopies.Side destination = typedDestination(email, request.destination());
    ImapCompare.probe(
        run,
        "source",
        source != null ? source.endpoint() : stored.domainSource(email),
        config.connectTimeout(),
        config.readTimeout());
    ImapCompare.probe(
        run,
        "destination",
        destination != null ? destination.endpoint() : config.destination(),
        config.connectTimeout(),
        config.readTimeout());
    oneOffs.register(email, new OneOffCopies.OneOff(source, destination, run::log));
    try {
      MigrationView view;
      if (source != null || destination != null) {
        run.log(
            "Queueing "
                + email
                + " with "
                + (source != null ? "the source " + source : "the domain's source")
                + " and "
                + (destination != null
                    ? "the destination " + destination
                    : "Mailferry's destination")
                + " (for this run only; nothing typed in is stored)");
        view = migrations.queueForTool(email);
      } else {
        MigrationView current = migrations.status(email);
        if (MigrationStatus.valueOf(current.status()).isActive()) {
          run.log(email + " is already " + current.status() + "; following it");
          view = current;
        } else {
          run.log("Resyncing " + email + " from its checkpoints with its stored settings");
          view = migrations.resync(email);
        }
      }
      follow(run, view);
    } finally {
      oneOffs.remove(email);
    }
  }

  /** A source typed in (or only its password: then on the domain's server), or null. */
  private OneOffCopies.Side typedSource(String email, ToolRequest.Side typed) {
    if (typed == null || !typed.given() && !hasPassword(typed)) {
      return null;
    }
    if (!hasPassword(typed)) {
      throw new IllegalArgumentException(
          "type the source password too: it is used for this run only and never stored");
    }
    ServerEndpoint endpoint = typed.given() ? endpoint(typed) : stored.domainSource(email);
    return new OneOffCopies.Side(endpoint, loginOr(typed, email), typed.password());
  }

  private OneOffCopies.Side typedDestination(String email, ToolRequest.Side typed) {
    if (typed == null || !typed.given()) {
      return null;
    }
    if (!hasPassword(typed)) {
      throw new IllegalArgumentException(
          "type the destination password too: it is used for this run only and never stored");
    }
    return new OneOffCopies.Side(endpoint(typed), loginOr(typed, email), typed.password());
  }

  private static boolean hasPassword(ToolRequest.Side side) {
    return side.password() != null && !side.password().isEmpty();
  }

  private static String loginOr(ToolRequest.Side side, String email) {
    return side.login() == null || side.login().isBlank() ? email : side.login().trim();
  }

  private void follow(ToolRun run, MigrationView first) {
    String last = "";
    MigrationView view = first;
    while (true) {
      String now =
          view.status()
              + " | "
              + view.statusMessage()
              + " | "
              + (view.currentFolder() == null ? "" : "folder " + view.currentFolder() + " | ")
              + view.messagesDone()
              + " of "
              + view.messagesTotal()
              + " messages";
      if (!now.equals(last)) {
        run.log(now);
        last = now;
      }
      if (view.status().equals("COMPLETED")) {
        run.finish(ToolRun.Status.COMPLETED, view.statusMessage());
        return;
      }
      if (!MigrationStatus.valueOf(view.status()).isActive()) {
        run.finish(ToolRun.Status.ERROR, view.statusMessage());
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.finish(ToolRun.Status.ERROR, "the server is stopping; the migration goes on");
        return;
      }
      view = migrations.status(run.email());
    }
  }

  private static ServerEndpoint endpoint(ToolRequest.Side side) {
    Security security = Security.parse(side.security() == null ? "ssl" : side.security());
    int port = side.port() != null ? side.port() : security == Security.SSL ? 993 : 143;
    return new ServerEndpoint(
        side.host().trim(), port, security, Boolean.TRUE.equals(side.allowPlaintext()), null);
  }
}
