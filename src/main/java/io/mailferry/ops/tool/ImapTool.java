package io.mailferry.ops.tool;

import io.mailferry.config.MailferryConfig;
import io.mailferry.imap.Security;
import io.mailferry.imap.ServerEndpoint;
import io.mailferry.migration.application.AdminQueue;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.NotFoundException;
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
  @Inject AdminQueue queue;

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

  /** Queues the mailbox through the ordinary engine, then follows it. */
  private void migrate(ToolRun run, ToolRequest request) {
    MigrationView view;
    if (request.source() != null
        && request.source().password() != null
        && !request.source().password().isEmpty()) {
      run.log("Checking the login on the domain's source server and queueing " + run.email());
      view = queue.queue(run.email(), request.source().password(), request.source().login());
    } else {
      MigrationView current = migrations.status(run.email());
      if (MigrationStatus.valueOf(current.status()).isActive()) {
        run.log(run.email() + " is already " + current.status() + "; following it");
        view = current;
      } else {
        run.log("Resyncing " + run.email() + " from its checkpoints");
        view = migrations.resync(run.email());
      }
    }
    follow(run, view);
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
