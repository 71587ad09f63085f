package io.mailferry.web.pages;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logging the administrator out. */
@Named
@RequestScoped
public class AdminSession {

  private static final Logger LOG = Logger.getLogger(AdminSession.class.getName());

  @Inject FacesContext faces;

  /** Ends the login and the session, then shows the start page. */
  public String logout() {
    ExternalContext external = faces.getExternalContext();
    try {
      ((HttpServletRequest) external.getRequest()).logout();
    } catch (ServletException e) {
      LOG.log(Level.WARNING, "logout failed; the session is invalidated anyway", e);
    }
    external.invalidateSession();
    return "/index?faces-redirect=true";
  }

  public String getUser() {
    return faces.getExternalContext().getRemoteUser();
  }
}
