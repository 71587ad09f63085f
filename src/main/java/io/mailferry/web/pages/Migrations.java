package io.mailferry.web.pages;

import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Following mailbox migrations, resyncing stopped ones, and queueing a mailbox by hand. */
@Named
@ViewScoped
public class Migrations implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The table shows the most recently updated mailboxes; older ones are reached by filter. */
  static final int SHOWN = 500;

  @Inject MigrationService migrations;

  /**
   * What the table shows, refreshed by the poll and after actions, but not in between: a row
   * action then always applies to the row that was clicked, even if the order changed since.
   */
  private transient List<MigrationView> rows;

  /** A status name, or "" for all. */
  private String statusFilter = "";
  private String email;
  private String password;
  private String sourceLogin;

  public List<MigrationView> getRows() {
    if (rows == null) {
      refresh();
    }
    return rows;
  }

  public void refresh() {
    List<MigrationView> all = migrations.list(SHOWN);
    rows =
        statusFilter.isEmpty()
            ? all
            : all.stream().filter(m -> m.status().equals(statusFilter)).toList();
  }

  public void resync(String address) {
    try {
      MigrationView view = migrations.resync(address);
      PageMessages.info(view.email() + " is queued again; it continues where it stopped.");
    } catch (RuntimeException e) {
      PageMessages.failure("resyncing " + address, e);
    }
    refresh();
  }

  /** Checks the login against the source server, then queues the mailbox. */
  public void queue() {
    try {
      MigrationView view = migrations.queue(email, password, sourceLogin);
      PageMessages.info(
          "QUEUED".equals(view.status())
              ? view.email() + " is queued; it starts when a copy slot is free."
              : view.email()
                  + " was already known ("
                  + view.status().toLowerCase(Locale.ROOT)
                  + "); its source password was renewed.");
      email = null;
      sourceLogin = null;
    } catch (RuntimeException e) {
      String mailbox = email == null || email.isBlank() ? "The mailbox" : email.trim();
      PageMessages.failure("queueing " + mailbox, mailbox + " was not queued", e);
    }
    password = null;
    refresh();
  }

  public boolean canResync(MigrationView view) {
    return MigrationStatus.valueOf(view.status()).canResync();
  }

  public List<String> getStatuses() {
    return Arrays.stream(MigrationStatus.values()).map(Enum::name).toList();
  }

  public String getStatusFilter() {
    return statusFilter;
  }

  public void setStatusFilter(String statusFilter) {
    this.statusFilter = statusFilter == null ? "" : statusFilter.trim().toUpperCase(Locale.ROOT);
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getSourceLogin() {
    return sourceLogin;
  }

  public void setSourceLogin(String sourceLogin) {
    this.sourceLogin = sourceLogin;
  }
}
