package io.mailferry.fetch.application;

import io.mailferry.config.SecretBox;
import io.mailferry.fetch.domain.FetchStatus;
import io.mailferry.fetch.domain.FetchedMessage;
import io.mailferry.fetch.domain.Pop3Fetch;
import io.mailferry.fetch.domain.Pop3Settings;
import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.Security;
import io.mailferry.migration.application.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** The POP3 fetch use cases the API and the screen share. */
@Stateless
public class Pop3Fetches {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  @Inject SecretBox secrets;
  @Inject FetchRecords records;

  /** Checks and stores a new fetch, QUEUED; the scheduler starts it. */
  public Pop3FetchView create(Pop3FetchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("send email, host, security, login and password");
    }
    if (request.password() == null || request.password().isEmpty()) {
      throw new IllegalArgumentException("password is required");
    }
    Security security = Security.parse(request.security());
    Pop3Settings settings =
        new Pop3Settings(
            request.email(),
            request.host(),
            request.port() == null ? Pop3Settings.defaultPort(security) : request.port(),
            security,
            Boolean.TRUE.equals(request.allowPlaintext()),
            request.login() == null ? null : request.login().trim(),
            request.folder(),
            request.leaveOnServer() == null || request.leaveOnServer(),
            request.trustedCertificate());
    if (settings.trustedCertificate() != null) {
      MailSessions.parse(settings.trustedCertificate());
    }
    Pop3Fetch fetch =
        new Pop3Fetch(
            settings, secrets.encrypt(request.password()), request.repeatMinutes(), Instant.now());
    em.persist(fetch);
    em.flush();
    return view(fetch);
  }

  public List<Pop3FetchView> list() {
    return em.createQuery("SELECT f FROM Pop3Fetch f ORDER BY f.createdAt DESC", Pop3Fetch.class)
        .setMaxResults(500)
        .getResultStream()
        .map(this::view)
        .toList();
  }

  public Pop3FetchView find(long id) {
    return view(fetch(id));
  }

  /** Queues another run now; refused (409) while one is queued, waiting or running. */
  public Pop3FetchView runNow(long id) {
    Pop3Fetch fetch = fetch(id);
    fetch.queue(Instant.now());
    return view(fetch);
  }

  /** Sets or (null) turns off the repeat. */
  public Pop3FetchView repeat(long id, Integer minutes) {
    Pop3Fetch fetch = fetch(id);
    fetch.repeat(minutes, Instant.now());
    return view(fetch);
  }

  /** Deletes the fetch with its ledger; refused while it runs. */
  public void delete(long id) {
    Pop3Fetch fetch = fetch(id);
    if (fetch.getStatus() == FetchStatus.RUNNING) {
      throw new IllegalStateException("the fetch of " + fetch.getLogin() + " is running");
    }
    em.createQuery("DELETE FROM FetchedMessage m WHERE m.fetchId = :f")
        .setParameter("f", id)
        .executeUpdate();
    em.remove(fetch);
  }

  private Pop3Fetch fetch(long id) {
    Pop3Fetch fetch = em.find(Pop3Fetch.class, id);
    if (fetch == null) {
      throw new NotFoundException("no POP3 fetch " + id);
    }
    return fetch;
  }

  private Pop3FetchView view(Pop3Fetch f) {
    List<FetchedMessage> refused = f.getId() == null ? List.of() : records.refusals(f.getId());
    Pop3Settings s = f.settings();
    return new Pop3FetchView(
        f.getId(),
        s.email(),
        s.host(),
        s.port(),
        s.security().name().toLowerCase(),
        s.login(),
        s.folder(),
        s.leaveOnServer(),
        f.getRepeatMinutes(),
        f.getStatus().name(),
        f.getStatusMessage(),
        f.getUidlSupported(),
        new Pop3FetchView.Counts(
            f.getMessagesOnServer(),
            f.getMessagesFetched(),
            f.getBytesFetched(),
            f.getLastRunFetched(),
            f.getMessagesRecognised(),
            f.getMessagesDeleted(),
            refused.size()),
        refused.stream()
            .map(
                m ->
                    new Pop3FetchView.Refusal(
                        m.getSubject(), m.getSize(), m.getReason(), m.getRecordedAt()))
            .toList(),
        f.getRuns(),
        f.getLastRunStarted(),
        f.getLastRunEnded(),
        f.getNextRun(),
        f.getJobExecutionId(),
        f.getCreatedAt());
  }
}
