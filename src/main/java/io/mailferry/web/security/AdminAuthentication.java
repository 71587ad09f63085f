package io.mailferry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic for the API (scripts), a login page with a session for the screens (people). Both
 * check the same admin identity store.
 */
@ApplicationScoped
@AutoApplySession
public class AdminAuthentication implements HttpAuthenticationMechanism {

  public static final String LOGIN_PAGE = "/login.xhtml";

  @Inject AdminIdentityStore store;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (isUserSignup(request) && !context.isProtected()) {
      // the user's own address and password (Basic on /api/signup/status), not an admin login
      return context.doNothing();
    }
    Credential credential = context.getAuthParameters().getCredential();
    if (credential instanceof UsernamePasswordCredential password) {
      return validate(context, password);
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      UsernamePasswordCredential basic = decode(header.substring(6).trim());
      if (basic != null) {
        AuthenticationStatus status = validate(context, basic);
        if (status == AuthenticationStatus.SUCCESS || !isApi(request)) {
          return status;
        }
      }
      return challenge(response);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (isApi(request)) {
      return challenge(response);
    }
    try {
      response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
    } catch (IOException e) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  private AuthenticationStatus validate(
      HttpMessageContext context, UsernamePasswordCredential credential) {
    CredentialValidationResult result = store.validate(credential);
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      return context.notifyContainerAboutLogin(result);
    }
    return context.responseUnauthorized();
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/");
  }

  /** Sign-up and the user's status page and API: public, for the users being migrated. */
  private static boolean isUserSignup(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/api/signup")
        || path.startsWith("/api/signup/")
        || path.equals("/signup.xhtml")
        || path.equals("/status.xhtml");
  }

  private static AuthenticationStatus challenge(HttpServletResponse response) {
    response.setHeader("WWW-Authenticate", "Basic realm=\"Mailferry admin\"");
    response.setContentType("application/json");
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    try {
      response
          .getWriter()
          .write("{\"status\":401,\"message\":\"the admin login is required (HTTP Basic)\"}");
    } catch (IOException e) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static UsernamePasswordCredential decode(String encoded) {
    try {
      String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon < 0
          ? null
          : new UsernamePasswordCredential(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
