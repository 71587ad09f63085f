package io.mailferry.ops.check;

import io.mailferry.config.MailferryConfig;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.DomainService;
import io.mailferry.migration.application.MailboxQueries;
import io.mailferry.migration.application.NotFoundException;
import io.mailferry.migration.domain.MailDomain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Check connection" on a domain: its source server and Mailferry's destination, each reached as a
 * migration would reach it; with a login, the mailbox on both sides and an estimate of the time it
 * would take at the rate measured on the mailboxes completed so far.
 */
@ApplicationScoped
public class ConnectionCheck {

  /**
   * The capabilities that change how a migration runs (RFC 3501, 9051, 3502, 4315, 7162, 7888,
   * 2971, 2342, 6154).
   */
  static final List<String> MATTERING =
      List.of(
          "IMAP4REV1",
          "IMAP4REV2",
          "MULTIAPPEND",
          "UIDPLUS",
          "CONDSTORE",
          "QRESYNC",
          "LITERAL+",
          "LITERAL-",
          "APPENDLIMIT",
          "ID",
          "NAMESPACE",
          "SPECIAL-USE",
          "STARTTLS",
          "LOGINDISABLED");

  static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);

  @Inject MailferryConfig config;
  @Inject DomainService domains;
  @Inject MailboxQueries mailboxes;

  public CheckReport check(String domainName, String login, String password) {
    MailDomain domain =
        domains
            .findEntity(MailDomain.normaliseName(domainName))
            .orElseThrow(() -> new NotFoundException("no domain " + domainName));
    boolean withLogin = login != null && !login.isBlank();
    if (withLogin && (password == null || password.isEmpty())) {
      throw new IllegalArgumentException("a password is required with the login");
    }
    Double rate = mailboxes.measuredRate();
    String user = withLogin ? login.trim() : null;
    ServerReport destination =
        server(
            "destination",
            config.destination(),
            destinationLogin(user),
            destinationPassword(password),
            null,
            null);
    Long limit =
        destination.appendLimit() != null ? destination.appendLimit() : domain.getMaxMessageSize();
    ServerReport source = server("source", domain.sourceEndpoint(), user, password, limit, rate);
    return new CheckReport(domain.getName(), source, destination);
  }

  private String destinationLogin(String user) {
    if (user == null) {
      return null;
    }
    return config
        .destinationMasterUser()
        .map(master -> user + config.destinationMasterSeparator() + master)
        .orElse(user);
  }

  private String destinationPassword(String password) {
    return config.destinationMasterUser().isPresent()
        ? config.destinationMasterPassword()
        : password;
  }

  private ServerReport server(
      String role,
      ServerEndpoint endpoint,
      String login,
      String password,
      Long limit,
      Double rate) {
    ImapProbe.Result probe =
        ImapProbe.probe(endpoint, config.connectTimeout(), config.readTimeout());
    X509Certificate certificate = probe.certificate();
    Instant expires = certificate == null ? null : certificate.getNotAfter().toInstant();
    Long daysLeft = expires == null ? null : Duration.between(Instant.now(), expires).toDays();
    Set<String> capabilities = new LinkedHashSet<>(mattering(probe.capabilities()));
    ServerReport.MailboxReport mailbox = null;
    String separator = null;
    String namespace = null;
    if (login != null && probe.reachable()) {
      MailboxInspection.Result seen =
          MailboxInspection.inspect(
              endpoint, login, password, config.connectTimeout(), config.readTimeout());
      capabilities.addAll(mattering(seen.capabilities()));
      separator = seen.separator();
      namespace = seen.namespace();
      Long estimate =
          rate == null || rate <= 0 || !seen.loggedIn() ? null : Math.round(seen.messages() / rate);
      mailbox =
          new ServerReport.MailboxReport(
              seen.loggedIn(),
              seen.why(),
              seen.folders(),
              seen.messages(),
              seen.bytes(),
              seen.largest(),
              seen.largestFolder(),
              limit,
              limit == null || !seen.loggedIn() ? null : seen.largest() <= limit,
              rate,
              "source".equals(role) ? estimate : null);
    }
    return new ServerReport(
        role,
        endpoint.host(),
        endpoint.port(),
        endpoint.security().name().toLowerCase(Locale.ROOT),
        probe.reachable(),
        probe.why(),
        probe.greeting(),
        probe.tlsProtocol(),
        probe.cipherSuite(),
        certificate == null ? null : certificate.getSubjectX500Principal().getName(),
        certificate == null ? null : certificate.getIssuerX500Principal().getName(),
        expires,
        daysLeft,
        probe.trusted(),
        expires != null
            && Duration.between(Instant.now(), expires).compareTo(CERTIFICATE_WARNING) < 0,
        List.copyOf(capabilities),
        appendLimit(capabilities),
        separator,
        namespace,
        mailbox);
  }

  /** The announced capabilities that matter, as announced (APPENDLIMIT with its value). */
  static List<String> mattering(List<String> announced) {
    List<String> result = new ArrayList<>();
    for (String capability : announced) {
      String upper = capability.toUpperCase(Locale.ROOT);
      String name = upper.contains("=") ? upper.substring(0, upper.indexOf('=')) : upper;
      if (MATTERING.contains(name)) {
        result.add(upper);
      }
    }
    return result;
  }

  /** APPENDLIMIT=n (RFC 7889): the largest message the server accepts; null when not announced. */
  static Long appendLimit(Set<String> capabilities) {
    for (String capability : capabilities) {
      if (capability.startsWith("APPENDLIMIT=")) {
        try {
          return Long.parseLong(capability.substring("APPENDLIMIT=".length()));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
