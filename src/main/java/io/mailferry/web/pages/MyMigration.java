package io.mailferry.web.pages;

import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.SignupService;
import io.mailferry.web.security.Inputs;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Map;

/**
 * The user's status page: the migration of the mailbox proven in this session, refreshed by the
 * poll; without one, a small form to check a migration with the address and password again.
 */
@Named
@ViewScoped
public class MyMigration implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final Map<String, String> STATES =
      Map.of(
          "QUEUED", "Queued: it starts as soon as a copy slot is free",
          "WAITING", "Waiting: the servers are busy, it continues by itself",
          "RUNNING", "Copying your mail",
          "COMPLETED", "Done: your mail is on the new server",
          "ERROR", "Stopped with an error",
          "PAUSED", "Paused by the administrator: it continues where it stopped",
          "CANCELLED", "Stopped by the administrator");

  @Inject SignupService signups;
  @Inject SignedInMailbox mailbox;

  private transient MigrationView migration;
  private String email;
  private String password;

  public MigrationView getMigration() {
    if (migration == null && mailbox.email() != null) {
      refresh();
    }
    return migration;
  }

  public void refresh() {
    migration = mailbox.email() == null ? null : signups.followed(mailbox.email()).orElse(null);
  }

  /** Checks the address and password again (rate limited), then shows that migration. */
  public String check() {
    FacesContext faces = FacesContext.getCurrentInstance();
    try {
      MigrationView view =
          signups.status(Inputs.printable(email, "address"), password, Signup.clientAddress(faces));
      Signup.signIn(faces, mailbox, view.email());
      return "/status?faces-redirect=true";
    } catch (RuntimeException e) {
      PageMessages.failure("checking the migration", e);
      return null;
    } finally {
      password = null;
    }
  }

  public String signOut() {
    mailbox.signOut();
    migration = null;
    return "/status?faces-redirect=true";
  }

  /** A sentence for the state; the reason from the migration follows it on the page. */
  public String state(String status) {
    return STATES.getOrDefault(status, status);
  }

  public boolean isFinished() {
    MigrationView view = getMigration();
    return view != null && ("COMPLETED".equals(view.status()) || "ERROR".equals(view.status()));
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
}
