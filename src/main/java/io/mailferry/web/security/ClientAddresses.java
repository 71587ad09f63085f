package io.mailferry.web.security;

import io.mailferry.config.MailferryConfig;
import io.mailferry.config.TrustedProxies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;

/** The client and the scheme of a request, believing forwarded headers of trusted proxies only. */
@ApplicationScoped
public class ClientAddresses {

  @Inject MailferryConfig config;

  private volatile TrustedProxies trusted;

  private TrustedProxies trusted() {
    if (trusted == null) {
      trusted = TrustedProxies.parse(config.trustedProxies());
    }
    return trusted;
  }

  public String of(HttpServletRequest request) {
    return ClientAddress.resolve(
        request.getRemoteAddr(),
        Collections.list(request.getHeaders("X-Forwarded-For")),
        trusted());
  }

  /** Whether the client reached us over HTTPS (directly, or through a trusted TLS proxy). */
  public boolean isSecure(HttpServletRequest request) {
    if (request.isSecure()) {
      return true;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    return proto != null
        && trusted().contains(request.getRemoteAddr())
        && proto.split(",")[0].trim().equalsIgnoreCase("https");
  }
}
