package io.mailferry.web.pages;

import io.mailferry.fetch.application.Pop3FetchRequest;
import io.mailferry.fetch.application.Pop3FetchView;
import io.mailferry.fetch.application.Pop3Fetches;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The POP3 fetch screen: a form for a new fetch, the fetches with run, repeat and delete. */
@Named("pop3Fetch")
@ViewScoped
public class Pop3FetchPage implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject Pop3Fetches fetches;

  private String email;
  private String host;
  private Integer port;
  private String security = "ssl";
  private boolean allowPlaintext;
  private String login;
  private String password;
  private String folder = "INBOX";
  private boolean leaveOnServer = true;
  private Integer repeatMinutes;
  private String trustedCertificate;
  private List<Pop3FetchView> rows;

  public List<Pop3FetchView> getRows() {
    if (rows == null) {
      rows = fetches.list();
    }
    return rows;
  }

  /** Read again on every poll and after every action. */
  public void refresh() {
    rows = null;
  }

  public void create() {
    try {
      Pop3FetchView created =
          fetches.create(
              new Pop3FetchRequest(
                  email,
                  host,
                  port,
                  security,
                  allowPlaintext,
                  login,
                  password,
                  folder,
                  leaveOnServer,
                  repeatMinutes,
                  trustedCertificate));
      PageMessages.info(
          "The fetch of " + created.login() + " into " + created.email() + " is queued");
      host = null;
      port = null;
      login = null;
      repeatMinutes = null;
      trustedCertificate = null;
    } catch (RuntimeException e) {
      PageMessages.failure("creating the POP3 fetch", e);
    } finally {
      password = null;
      refresh();
    }
  }

  public void run(long id) {
    try {
      Pop3FetchView view = fetches.runNow(id);
      PageMessages.info("The fetch of " + view.login() + " runs again");
    } catch (RuntimeException e) {
      PageMessages.failure("running the POP3 fetch", e);
    }
    refresh();
  }

  public void stopRepeating(long id) {
    try {
      Pop3FetchView view = fetches.repeat(id, null);
      PageMessages.info("The fetch of " + view.login() + " no longer repeats");
    } catch (RuntimeException e) {
      PageMessages.failure("turning the repeat off", e);
    }
    refresh();
  }

  public void delete(long id) {
    try {
      fetches.delete(id);
      PageMessages.info("The fetch is deleted; the messages it fetched stay on the destination");
    } catch (RuntimeException e) {
      PageMessages.failure("deleting the POP3 fetch", e);
    }
    refresh();
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getSecurity() {
    return security;
  }

  public void setSecurity(String security) {
    this.security = security;
  }

  public boolean isAllowPlaintext() {
    return allowPlaintext;
  }

  public void setAllowPlaintext(boolean allowPlaintext) {
    this.allowPlaintext = allowPlaintext;
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

  public String getFolder() {
    return folder;
  }

  public void setFolder(String folder) {
    this.folder = folder;
  }

  public boolean isLeaveOnServer() {
    return leaveOnServer;
  }

  public void setLeaveOnServer(boolean leaveOnServer) {
    this.leaveOnServer = leaveOnServer;
  }

  public String getTrustedCertificate() {
    return trustedCertificate;
  }

  public void setTrustedCertificate(String trustedCertificate) {
    this.trustedCertificate = trustedCertificate;
  }

  public Integer getRepeatMinutes() {
    return repeatMinutes;
  }

  public void setRepeatMinutes(Integer repeatMinutes) {
    this.repeatMinutes = repeatMinutes;
  }
}
