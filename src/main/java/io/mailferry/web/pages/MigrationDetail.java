package io.mailferry.web.pages;

import io.mailferry.migration.application.CompletenessReport;
import io.mailferry.migration.application.CompletenessReports;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/** One mailbox's migration: its folders and the messages that were not copied. */
@Named
@ViewScoped
public class MigrationDetail implements Serializable {

  private static final long serialVersionUID = 1L;

  /** MigrationService lists at most this many message errors of a mailbox. */
  private static final int ERRORS_LISTED = 200;

  @Inject MigrationService migrations;
  @Inject CompletenessReports reports;

  private String email;
  private transient MigrationView migration;
  private transient CompletenessReport report;
  private boolean missing;

  /** The view action: loads the mailbox named by the {@code email} parameter. */
  public void load() {
    missing = false;
    migration = null;
    if (email == null || email.isBlank()) {
      missing = true;
      PageMessages.error("No mailbox was named: open a mailbox from the migrations page.");
      return;
    }
    try {
      migration = migrations.find(email).orElse(null);
      report = migration == null ? null : reports.of(email);
    } catch (RuntimeException e) {
      missing = true;
      PageMessages.failure("showing " + email, e);
      return;
    }
    if (migration == null) {
      missing = true;
      PageMessages.error("There is no migration for " + email + ".");
    } else {
      email = migration.email(); // as the mailbox is known, whatever spelling the link used
    }
  }

  public void refresh() {
    if (!missing) {
      load();
    }
  }

  public MigrationView getMigration() {
    if (migration == null && !missing && email != null) {
      load();
    }
    return migration;
  }

  /**
   * How many messages were left out (too large, unreadable, refused), as far as listed: the
   * mailbox's own error counter counts only those the destination refused.
   */
  public String getNotCopied() {
    MigrationView view = getMigration();
    if (view == null) {
      return "";
    }
    int listed = view.errors().size();
    return listed >= ERRORS_LISTED ? listed + " or more" : Integer.toString(listed);
  }

  /** Where every source message stands, per folder (see {@link CompletenessReport}). */
  public CompletenessReport getReport() {
    if (report == null && getMigration() != null) {
      report = reports.of(email);
    }
    return report;
  }

  /** The completeness report as a CSV download. */
  public StreamedContent getReportCsv() {
    byte[] csv = reports.of(email).csv().getBytes(StandardCharsets.UTF_8);
    return DefaultStreamedContent.builder()
        .name("mailferry-report-" + email.replaceAll("[^A-Za-z0-9@._-]", "_") + ".csv")
        .contentType("text/csv; charset=UTF-8")
        .stream(() -> new ByteArrayInputStream(csv))
        .build();
  }

  /** The single-user IMAP tool with this mailbox filled in. */
  public String getToolLink() {
    return "/admin/imap-tool.xhtml?email="
        + java.net.URLEncoder.encode(
            email == null ? "" : email, java.nio.charset.StandardCharsets.UTF_8);
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }
}
