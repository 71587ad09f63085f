package io.mailferry.web.security;

import io.mailferry.config.MailferryConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * On every response: no framing by other sites ({@code X-Frame-Options}, CSP {@code
 * frame-ancestors}), no content sniffing, no referrer to other sites. With {@code
 * mailferry.http.require-https} (the transport guarantee CONFIDENTIAL, also behind a trusted TLS
 * proxy): plain HTTP GETs are redirected to HTTPS, other plain requests refused before they are
 * read (their credentials have crossed the network in clear already, but nothing is done with
 * them), and HTTPS answers carry HSTS.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TransportSecurity extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject MailferryConfig config;
  @Inject ClientAddresses clients;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (config.requireHttps()) {
      if (!clients.isSecure(request)) {
        refusePlainHttp(request, response);
        return;
      }
      response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
    chain.doFilter(request, response);
  }

  private static void refusePlainHttp(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      String query = request.getQueryString();
      String host = request.getHeader("Host") == null ? request.getServerName() : request.getHeader("Host");
      // the same host on the default HTTPS port: where a TLS proxy or listener answers
      String target =
          "https://" + host.replaceFirst(":\\d+$", "") + request.getRequestURI()
              + (query == null ? "" : "?" + query);
      response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      response.setHeader("Location", target);
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response
        .getWriter()
        .write("{\"status\":403,\"message\":\"HTTPS is required (mailferry.http.require-https)\"}");
  }
}
