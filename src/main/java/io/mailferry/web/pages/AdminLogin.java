package io.mailferry.web.pages;

import io.mailferry.migration.application.TooManyAttemptsException;
import io.mailferry.web.security.AdminLoginLimit;
import io.mailferry.web.security.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The administrator's login form, posted as a whole page (not Ajax) so that a refusal by the
 * failed-login limit can answer 429 with the page and its message.
 */
@Named
@RequestScoped
public class AdminLogin {

  @Inject SecurityContext security;
  @Inject FacesContext faces;
  @Inject AdminLoginLimit limit;
  @Inject ClientAddresses clients;

  private String user;
  private String password;

  public String login() throws IOException {
    ExternalContext external = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    HttpServletResponse response = (HttpServletResponse) external.getResponse();
    UsernamePasswordCredential credential = new UsernamePasswordCredential(user, password);
    password = null;
    // Checked first: a refused authenticate() sends the container's 401 error page, and the form
    // would never show why.
    try {
      if (limit.validate(credential, clients.of(request)).getStatus()
          != CredentialValidationResult.Status.VALID) {
        wrongLogin();
        return null;
      }
    } catch (TooManyAttemptsException e) {
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
      faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), null));
      return null;
    }
    AuthenticationStatus status =
        security.authenticate(
            request,
            response,
            AuthenticationParameters.withParams().newAuthentication(true).credential(credential));
    if (status == AuthenticationStatus.SUCCESS) {
      external.redirect(external.getRequestContextPath() + "/admin/index.xhtml");
      faces.responseComplete();
      return null;
    }
    if (status == AuthenticationStatus.SEND_CONTINUE) {
      faces.responseComplete();
      return null;
    }
    wrongLogin();
    return null;
  }

  private void wrongLogin() {
    faces.addMessage(
        null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Wrong user name or password", null));
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
