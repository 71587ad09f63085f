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
}
