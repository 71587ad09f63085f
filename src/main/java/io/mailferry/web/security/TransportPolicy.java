package io.mailferry.web.security;

import io.mailferry.config.MailferryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * On every response: no framing by other sites ({@code X-Frame-Options}, CSP {@code
 * frame-ancestors}), no content sniffing, no referrer to other sites. With {@code
 * mailferry.http.require-https} (the transport guarantee CONFIDENTIAL, also behind a trusted TLS
 * proxy): plain HTTP GETs are redirected to HTTPS and other plain requests refused, before any
 * credential in them is checked, and HTTPS answers carry HSTS.
 *
 * <p>Applied by {@link AdminAuthentication} (which runs first, for every request, and may answer
 * itself: 401, 429, the login redirect) and again by {@link TransportSecurity} (error pages).
 */
@ApplicationScoped
public class TransportPolicy {

  /** What became of a request. */
  public enum Outcome {
    PASS,
    REDIRECTED,
    REFUSED
  }

  @Inject MailferryConfig config;
  @Inject ClientAddresses clients;

  public Outcome apply(HttpServletRequest request, HttpServletResponse response, boolean enforce)
      throws IOException {
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (!config.requireHttps()) {
      return Outcome.PASS;
    }
    response.setHeader("Strict-Transport-Security", "max-age=31536000");
    if (!enforce || clients.isSecure(request)) {
      return Outcome.PASS;
    }
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      String query = request.getQueryString();
      String host =
          request.getHeader("Host") == null ? request.getServerName() : request.getHeader("Host");
      // the same host on the default HTTPS port: where a TLS proxy or listener answers
      response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      response.setHeader(
          "Location",
          "https://"
              + host.replaceFirst(":\\d+$", "")
              + request.getRequestURI()
              + (query == null ? "" : "?" + query));
      return Outcome.REDIRECTED;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response
        .getWriter()
        .write("{\"status\":403,\"message\":\"HTTPS is required (mailferry.http.require-https)\"}");
    return Outcome.REFUSED;
  }
}
