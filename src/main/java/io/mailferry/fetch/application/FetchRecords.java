package io.mailferry.fetch.application;

import io.mailferry.fetch.domain.FetchStatus;
import io.mailferry.fetch.domain.FetchedMessage;
import io.mailferry.fetch.domain.MessageKey;
import io.mailferry.fetch.domain.Pop3Fetch;
import io.mailferry.migration.application.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The database side of a fetch's run. Every method commits on its own (REQUIRES_NEW): an entry
 * announced APPENDING must be on disk before the APPEND, and whoever polls the status sees the
 * run's progress as it goes.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class FetchRecords {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  public Pop3Fetch find(long fetchId) {
    Pop3Fetch fetch = em.find(Pop3Fetch.class, fetchId);
    if (fetch == null) {
      throw new NotFoundException("no POP3 fetch " + fetchId);
    }
    return fetch;
  }

  public List<FetchLedger.Entry> entries(long fetchId) {
    return em.createQuery(
            "SELECT m FROM FetchedMessage m WHERE m.fetchId = :f", FetchedMessage.class)
        .setParameter("f", fetchId)
        .getResultStream()
        .map(
            m ->
                new FetchLedger.Entry(
                    m.key(), m.getState(), m.fingerprint(), m.getDestinationUidNext()))
        .toList();
  }

  public void serverAnswered(long fetchId, boolean uidl, int messages) {
    find(fetchId).serverAnswered(uidl, messages);
  }

  public void appending(long fetchId, List<PreparedMessage> messages, long uidNext) {
    Instant now = Instant.now();
    for (PreparedMessage message : messages) {
      FetchedMessage entry = entry(fetchId, message.key());
      if (entry == null) {
        em.persist(
            new FetchedMessage(
                fetchId,
                message.key(),
                message.fingerprint(),
                message.internalDate(),
                message.bytes().length,
                message.subject(),
                uidNext,
                now));
      } else {
        entry.appendingAgain(
            message.fingerprint(), message.internalDate(), message.bytes().length, uidNext, now);
      }
    }
  }

  public void appended(long fetchId, List<FetchLedger.Outcome> outcomes) {
    Instant now = Instant.now();
    int fetched = 0;
    long bytes = 0;
    for (FetchLedger.Outcome outcome : outcomes) {
      FetchedMessage entry = entry(fetchId, outcome.message().key());
      if (outcome.refusal() == null) {
        entry.fetched(outcome.destinationUid(), now);
        fetched++;
        bytes += outcome.message().bytes().length;
      } else {
        entry.refused(outcome.refusal(), now);
      }
    }
    find(fetchId).fetched(fetched, bytes, now);
  }

  public void recognised(long fetchId, Map<MessageKey, Long> found) {
    Instant now = Instant.now();
    found.forEach((key, uid) -> entry(fetchId, key).fetched(uid, now));
    find(fetchId).recognised(found.size());
  }

  public void forget(long fetchId, List<MessageKey> keys) {
    for (MessageKey key : keys) {
      FetchedMessage entry = entry(fetchId, key);
      if (entry != null) {
        em.remove(entry);
      }
    }
  }

  public void deleted(long fetchId, int messages) {
    find(fetchId).deleted(messages);
  }

  public void progress(long fetchId, String message) {
    find(fetchId).progress(message, Instant.now());
  }

  public void running(long fetchId, String message) {
    find(fetchId).running(message, Instant.now());
  }

  public void waiting(long fetchId, String reason) {
    find(fetchId).waiting(reason, Instant.now());
  }

  public void finished(long fetchId, FetchStatus outcome, String message) {
    find(fetchId).finished(outcome, message, Instant.now());
  }

  /** The messages the destination refused in the fetch's last attempt at each. */
  public List<FetchedMessage> refusals(long fetchId) {
    return em.createQuery(
            "SELECT m FROM FetchedMessage m WHERE m.fetchId = :f AND m.state = :s"
                + " ORDER BY m.recordedAt",
            FetchedMessage.class)
        .setParameter("f", fetchId)
        .setParameter("s", FetchedMessage.State.REFUSED)
        .setMaxResults(100)
        .getResultList();
  }

  private FetchedMessage entry(long fetchId, MessageKey key) {
    return em.createQuery(
            "SELECT m FROM FetchedMessage m WHERE m.fetchId = :f AND m.messageKey = :k",
            FetchedMessage.class)
        .setParameter("f", fetchId)
        .setParameter("k", key.value())
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** Fetches that want a job execution: queued, waiting, running (a server stop), or due. */
  public List<Long> wanting(Instant now) {
    return em.createQuery(
            "SELECT f.id FROM Pop3Fetch f WHERE f.status IN :active"
                + " OR (f.nextRun IS NOT NULL AND f.nextRun <= :now) ORDER BY f.updatedAt",
            Long.class)
        .setParameter(
            "active", List.of(FetchStatus.QUEUED, FetchStatus.WAITING, FetchStatus.RUNNING))
        .setParameter("now", now)
        .getResultList();
  }

  /** Queues a due repeat; false when the fetch is not due (any more). */
  public boolean queueIfDue(long fetchId, Instant now) {
    Pop3Fetch fetch = find(fetchId);
    if (!fetch.isDue(now)) {
      return fetch.getStatus().isActive();
    }
    fetch.queue(now);
    return true;
  }

  /** While the load gate is closed, queued fetches show that they wait, and why. */
  public void holdQueued(String reason) {
    Instant now = Instant.now();
    em.createQuery("SELECT f FROM Pop3Fetch f WHERE f.status = :queued", Pop3Fetch.class)
        .setParameter("queued", FetchStatus.QUEUED)
        .getResultStream()
        .forEach(f -> f.waiting(reason, now));
  }

  public Long jobExecution(long fetchId) {
    return find(fetchId).getJobExecutionId();
  }

  public void started(long fetchId, long executionId) {
    find(fetchId).started(executionId, Instant.now());
  }

  /** At start-up: no job execution of this server runs a fetch any more. */
  public int forgetExecutions() {
    return em.createQuery(
            "UPDATE Pop3Fetch f SET f.jobExecutionId = NULL WHERE f.jobExecutionId IS NOT NULL"
                + " AND f.status IN :active")
        .setParameter(
            "active", List.of(FetchStatus.QUEUED, FetchStatus.WAITING, FetchStatus.RUNNING))
        .executeUpdate();
  }
}
