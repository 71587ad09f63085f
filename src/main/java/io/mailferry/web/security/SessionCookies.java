package io.mailferry.web.security;

import io.mailferry.config.MailferryConfig;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie (the admin's login, the user's proven address): HttpOnly, SameSite=Strict (no
 * other site's page can make the browser send it), and Secure when HTTPS is required.
 */
@WebListener
public class SessionCookies implements ServletContextListener {

  @Inject MailferryConfig config;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
    cookie.setHttpOnly(true);
    cookie.setSecure(config.requireHttps());
    // the standard way; Payara 6 ignores it and takes SameSite from WEB-INF/payara-web.xml
    cookie.setAttribute("SameSite", "Strict");
  }
}
