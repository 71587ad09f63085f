package io.mailferry.web.pages;

import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.application.SignupService;
import io.mailferry.web.security.ClientAddresses;
import io.mailferry.web.security.Inputs;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/** The sign-up form: address and current password, then the user's status page. */
@Named
@RequestScoped
public class Signup {

  @Inject SignupService signups;
  @Inject SignedInMailbox mailbox;
  @Inject FacesContext faces;

  private String email;
  private String password;

  public String signUp() {
    try {
      MigrationView view =
          signups.signUp(Inputs.printable(email, "address"), password, clientAddress(faces));
      signIn(faces, mailbox, view.email());
      return "/status?faces-redirect=true";
    } catch (RuntimeException e) {
      PageMessages.failure("signing up", e);
      return null;
    } finally {
      password = null;
    }
  }

  /** Remembers the proven address in a fresh session id (no session fixation). */
  static void signIn(FacesContext faces, SignedInMailbox mailbox, String address) {
    ExternalContext external = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    request.getSession(true);
    request.changeSessionId();
    mailbox.signIn(address);
    external.getFlash().setKeepMessages(true);
  }

  static String clientAddress(FacesContext faces) {
    return CDI.current()
        .select(ClientAddresses.class)
        .get()
        .of((HttpServletRequest) faces.getExternalContext().getRequest());
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
