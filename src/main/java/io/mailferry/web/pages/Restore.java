package io.mailferry.web.pages;

import io.mailferry.restore.application.RestorationService;
import io.mailferry.restore.application.RestorationView;
import io.mailferry.restore.application.ServerLogin;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.primefaces.model.file.UploadedFile;

/**
 * The Restore page: upload an archive for one mailbox, or move one from another server; the
 * restorations below with their folders' counts.
 */
@Named("restore")
@ViewScoped
public class Restore implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject RestorationService restorations;

  private String email;
  private String destinationPassword;
  private transient UploadedFile file;
  private String moveEmail;
  private String host;
  private Integer port = 993;
  private String security = "ssl";
  private boolean allowPlaintext;
  private String login = "%u*master";
  private String password;
  private Long selected;
  private transient List<RestorationView> rows;

  public void upload() {
    if (file == null || file.getSize() == 0) {
      PageMessages.error("Choose an mbox file, or a zip or tar(.gz) of mbox files or a Maildir.");
      return;
    }
    try (InputStream in = file.getInputStream()) {
      selected = restorations.fromArchive(email, destinationPassword, file.getFileName(), in);
      PageMessages.info(
          "Restoration "
              + selected
              + " of "
              + email.trim()
              + " is queued: "
              + file.getFileName()
              + " was checked and unpacked.");
      rows = null;
    } catch (IOException e) {
      PageMessages.error("The upload could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      PageMessages.failure("restoring the archive", e);
    } finally {
      file = null;
      destinationPassword = null;
    }
  }

  public void move() {
    try {
      selected =
          restorations.fromServer(
              moveEmail,
              destinationPassword,
              new ServerLogin(host, port, security, allowPlaintext, login, password));
      PageMessages.info("Restoration " + selected + " of " + moveEmail.trim() + " is queued.");
      rows = null;
    } catch (RuntimeException e) {
      PageMessages.failure("moving the mailbox", e);
    } finally {
      password = null;
      destinationPassword = null;
    }
  }

  public List<RestorationView> getRestorations() {
    if (rows == null) {
      rows = restorations.list();
    }
    return rows;
  }

  public RestorationView getDetail() {
    if (selected == null) {
      return getRestorations().isEmpty() ? null : getRestorations().get(0);
    }
    return getRestorations().stream().filter(r -> r.id() == selected).findFirst().orElse(null);
  }

  public void select(long id) {
    selected = id;
  }

  public void refresh() {
    rows = null;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getDestinationPassword() {
    return destinationPassword;
  }

  public void setDestinationPassword(String destinationPassword) {
    this.destinationPassword = destinationPassword;
  }

  /** Without a destination master user the forms ask for the mailbox's own password. */
  public boolean isMasterUser() {
    return restorations.destinationMasterUser();
  }

  public UploadedFile getFile() {
    return file;
  }

  public void setFile(UploadedFile file) {
    this.file = file;
  }

  public String getMoveEmail() {
    return moveEmail;
  }

  public void setMoveEmail(String moveEmail) {
    this.moveEmail = moveEmail;
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
}
