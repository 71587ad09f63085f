package io.mailferry.web.pages;

import io.mailferry.ops.check.CheckReport;
import io.mailferry.ops.check.ConnectionCheck;
import io.mailferry.ops.check.ServerReport;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The "Check connection" dialog of the domains page. */
@Named
@ViewScoped
public class DomainCheck implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject ConnectionCheck check;

  private String domain;
  private String login;
  private String password;
  private transient CheckReport report;

  public void open(String domain) {
    this.domain = domain;
    this.login = null;
    this.password = null;
    this.report = null;
  }

  public void run() {
    try {
      report = check.check(domain, login, password);
    } catch (RuntimeException e) {
      report = null;
      PageMessages.failure("checking " + domain, e);
    } finally {
      password = null;
    }
  }

  /** Source then destination, for the dialog's two cards. */
  public List<ServerReport> getServers() {
    return report == null ? List.of() : List.of(report.source(), report.destination());
  }

  /** Seconds as "2 h 05 min", "4 min 10 s" or "12 s". */
  public String duration(Long seconds) {
    if (seconds == null) {
      return "—";
    }
    long s = seconds;
    if (s >= 3600) {
      return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return s + " s";
  }

  public String getDomain() {
    return domain;
  }

  public String getLogin() {
    return login;
  }

  public void setLogin(String login) {
    this.login = login;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
