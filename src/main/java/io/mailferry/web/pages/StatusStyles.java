package io.mailferry.web.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The colour of a status on every page: {@code <p:tag severity="#{statusStyles.severity(s)}">}. */
@Named
@ApplicationScoped
public class StatusStyles {

  /** PrimeFaces tag severities for mailbox statuses and Jakarta Batch statuses alike. */
  public String severity(String status) {
    if (status == null) {
      return "secondary";
    }
    return switch (status) {
      case "COMPLETED" -> "success";
      case "RUNNING", "STARTED", "STARTING" -> "info";
      case "WAITING", "QUEUED", "STOPPING", "STOPPED", "PAUSED" -> "warning";
      case "ERROR", "FAILED", "ABANDONED" -> "danger";
      default -> "secondary";
    };
  }

  /** An ERROR message that tells admins to look into the mailbox with the IMAP tool. */
  public boolean suggestsTool(String status, String message) {
    return "ERROR".equals(status)
        && message != null
        && message.contains(io.mailferry.migration.application.MigrationProgress.TOOL_HINT);
  }

  /** The IMAP tool's page with the mailbox filled in, from the context root. */
  public String toolLink(String email) {
    return "/admin/imap-tool.xhtml?email="
        + java.net.URLEncoder.encode(
            email == null ? "" : email, java.nio.charset.StandardCharsets.UTF_8);
  }
}
