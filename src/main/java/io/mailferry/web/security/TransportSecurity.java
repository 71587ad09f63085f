package io.mailferry.web.security;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@link TransportPolicy} on every request and error page of the application. */
@WebFilter(
    urlPatterns = "/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class TransportSecurity extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject TransportPolicy policy;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    boolean enforce = request.getDispatcherType() == DispatcherType.REQUEST;
    if (policy.apply(request, response, enforce) == TransportPolicy.Outcome.PASS) {
      chain.doFilter(request, response);
    }
  }
}
