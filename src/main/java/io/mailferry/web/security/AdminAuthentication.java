package io.mailferry.web.security;

import io.mailferry.migration.application.TooManyAttemptsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP Basic for the API (scripts), a login page with a session for the screens (people). Both
 * check the same admin identity store, through the failed-login limit.
 *
 * <p>It runs first on every request: the {@link TransportPolicy} (headers, HTTPS) is applied here,
 * before any credential is looked at.
 *
 * <p>The page session never authenticates {@code /api}: a page of another site that makes the
 * admin's browser post to the API carries the session cookie but no Basic header, and is refused
 * (no cross-site request forgery through the session). Hence no {@code @AutoApplySession}: the
 * session is applied here, to pages only.
 */
@ApplicationScoped
public class AdminAuthentication implements HttpAuthenticationMechanism {

  public static final String LOGIN_PAGE = "/login.xhtml";
  private static final String SESSION_CALLER = AdminAuthentication.class.getName() + ".caller";

  @Inject AdminLoginLimit limit;
  @Inject ClientAddresses clients;
  @Inject TransportPolicy transport;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    try {
      switch (transport.apply(request, response, true)) {
        case REDIRECTED:
          return AuthenticationStatus.SEND_CONTINUE;
        case REFUSED:
          return AuthenticationStatus.SEND_FAILURE;
        default:
          break;
      }
    } catch (IOException e) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    if (isUserSignup(request) && !context.isProtected()) {
      // the user's own address and password (Basic on /api/signup/status), not an admin login
      return context.doNothing();
    }
    boolean api = isApi(request);
    Credential credential = context.getAuthParameters().getCredential();
    if (credential instanceof UsernamePasswordCredential password && !api) {
      return loginFromForm(request, response, context, password);
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      UsernamePasswordCredential basic = decode(header.substring(6).trim());
      if (basic == null) {
        return challenge(response);
      }
      return basic(request, response, context, basic);
    }
    if (!api) {
      HttpSession session = request.getSession(false);
      Object caller = session == null ? null : session.getAttribute(SESSION_CALLER);
      if (caller instanceof String name) {
        return context.notifyContainerAboutLogin(name, Set.of(AdminIdentityStore.ADMIN_GROUP));
      }
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (api) {
      return challenge(response);
    }
    try {
      response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
    } catch (IOException e) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  @Override
  public void cleanSubject(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SESSION_CALLER);
    }
  }

  private AuthenticationStatus loginFromForm(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context,
      UsernamePasswordCredential credential) {
    CredentialValidationResult result;
    try {
      result = limit.validate(credential, clients.of(request));
    } catch (TooManyAttemptsException e) {
      return context.responseUnauthorized();
    }
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return context.responseUnauthorized();
    }
    // a new session id for the new privilege (no session fixation)
    request.getSession(true);
    request.changeSessionId();
    request.getSession().setAttribute(SESSION_CALLER, result.getCallerPrincipal().getName());
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus basic(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context,
      UsernamePasswordCredential credential) {
    CredentialValidationResult result;
    try {
      result = limit.validate(credential, clients.of(request));
    } catch (TooManyAttemptsException e) {
      return tooMany(response, e);
    }
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      return context.notifyContainerAboutLogin(result);
    }
    return challenge(response);
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/api") || path.startsWith("/api/");
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
    return json(
        response, HttpServletResponse.SC_UNAUTHORIZED, "the admin login is required (HTTP Basic)");
  }

  private static AuthenticationStatus tooMany(
      HttpServletResponse response, TooManyAttemptsException e) {
    response.setHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
    return json(response, 429, e.getMessage());
  }

  private static AuthenticationStatus json(HttpServletResponse response, int status, String text) {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setStatus(status);
    try {
      response
          .getWriter()
          .write("{\"status\":" + status + ",\"message\":\"" + text.replace("\"", "'") + "\"}");
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
