package io.mailferry.restore.application;

import io.mailferry.migration.application.NotFoundException;
import io.mailferry.restore.domain.Restoration;
import io.mailferry.restore.domain.RestorationError;
import io.mailferry.restore.domain.RestorationStatus;
import io.mailferry.restore.domain.RestoredFolder;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The restoration rows. Each call commits on its own (REQUIRES_NEW): a chunk's counts and
 * checkpoint are on record once its messages are on the destination, whatever the batch step's
 * transaction does afterwards.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RestorationRecords {

  private static final int MAX_ERRORS = 200;

  @PersistenceContext(unitName = "mailferry")
  EntityManager em;

  public long create(Restoration restoration) {
    em.persist(restoration);
    em.flush();
    return restoration.getId();
  }

  public Restoration find(long id) {
    return find(id, LockModeType.NONE);
  }

  private Restoration find(long id, LockModeType lock) {
    Restoration restoration = em.find(Restoration.class, id, lock);
    if (restoration == null) {
      throw new NotFoundException("no restoration " + id);
    }
    return restoration;
  }

  public List<RestoredFolder> folders(long id) {
    return em.createQuery(
            "SELECT f FROM RestoredFolder f WHERE f.restorationId = :id ORDER BY f.position",
            RestoredFolder.class)
        .setParameter("id", id)
        .getResultList();
  }

  /** The folder rows of a plan; those saved by an earlier run are kept with their checkpoints. */
  public List<RestoredFolder> saveFolders(long id, List<RestoredFolder> planned) {
    List<RestoredFolder> existing = folders(id);
    List<RestoredFolder> result = new ArrayList<>();
    for (RestoredFolder folder : planned) {
      Optional<RestoredFolder> earlier =
          existing.stream().filter(f -> f.getName().equals(folder.getName())).findFirst();
      if (earlier.isPresent()) {
        earlier.get().messages(folder.getMessages());
        result.add(earlier.get());
      } else {
        em.persist(folder);
        result.add(folder);
      }
    }
    em.flush();
    return result;
  }

  public RestoredFolder chunk(
      long folderId, long appended, long present, long refused, long doneThrough, boolean last) {
    RestoredFolder folder = em.find(RestoredFolder.class, folderId);
    folder.chunk(appended, present, refused, doneThrough);
    if (last) {
      folder.finish();
    }
    return folder;
  }

  public void folderMessages(long folderId, long messages) {
    em.find(RestoredFolder.class, folderId).messages(messages);
  }

  /** A restart from the screen or the API: every folder is looked at again from its start. */
  public void restart(long id) {
    Restoration restoration = find(id);
    if (restoration.getStatus() == RestorationStatus.RUNNING) {
      throw new IllegalStateException("restoration " + id + " is running");
    }
    if (restoration.getKind() == io.mailferry.restore.domain.RestorationKind.ARCHIVE
        && (restoration.getSpoolDirectory() == null
            || !java.nio.file.Files.isDirectory(
                java.nio.file.Path.of(restoration.getSpoolDirectory())))) {
      throw new IllegalStateException(
          "the archive of restoration "
              + id
              + " was removed when it completed: upload it again"
              + " (only what is missing is appended)");
    }
    if (restoration.getKind() == io.mailferry.restore.domain.RestorationKind.SERVER
        && restoration.getSourcePassword() == null) {
      throw new IllegalStateException(
          "the source password of restoration "
              + id
              + " was wiped when it completed: start a new"
              + " one (only what is missing is appended)");
    }
    em.createQuery("DELETE FROM RestoredFolder f WHERE f.restorationId = :id")
        .setParameter("id", id)
        .executeUpdate();
    em.createQuery("DELETE FROM RestorationError e WHERE e.restorationId = :id")
        .setParameter("id", id)
        .executeUpdate();
    restoration.queued("Restarted: only what the destination is missing is appended");
  }

  public void refused(long id, String folder, String item, String reason) {
    long count =
        em.createQuery(
                "SELECT COUNT(e) FROM RestorationError e WHERE e.restorationId = :id", Long.class)
            .setParameter("id", id)
            .getSingleResult();
    if (count < MAX_ERRORS) {
      em.persist(new RestorationError(id, folder, item, reason));
    }
  }

  /**
   * Locks the row first: a job's first word comes right after its start, while the dispatcher's
   * {@link #noteExecution} may be writing the same row (a bulk update, which moves its version).
   */
  public void running(long id, String message, Long execution) {
    find(id, LockModeType.PESSIMISTIC_WRITE).running(message, execution);
  }

  public void queued(long id, String reason) {
    find(id).queued(reason);
  }

  public void completed(long id, String message) {
    find(id).completed(message);
  }

  public void failed(long id, String reason) {
    Restoration restoration = em.find(Restoration.class, id);
    if (restoration != null) {
      restoration.failed(reason);
    }
  }

  public void account(long id, String note) {
    find(id).account(note);
  }

  /** Queued restorations, oldest first. */
  public List<Restoration> queued() {
    return em.createQuery(
            "SELECT r FROM Restoration r WHERE r.status = :s ORDER BY r.createdAt, r.id",
            Restoration.class)
        .setParameter("s", RestorationStatus.QUEUED)
        .getResultList();
  }

  /** While the load gate is closed the queued restorations say why they wait. */
  public void holdQueued(String reason) {
    for (Restoration restoration : queued()) {
      if (!reason.equals(restoration.getStatusMessage())) {
        restoration.queued(reason);
      }
    }
  }

  /** At start-up: what was running when the server stopped goes back in the queue. */
  public int requeueInterrupted() {
    List<Restoration> running =
        em.createQuery("SELECT r FROM Restoration r WHERE r.status = :s", Restoration.class)
            .setParameter("s", RestorationStatus.RUNNING)
            .getResultList();
    running.forEach(r -> r.queued("Interrupted by a server stop; resumes where it was"));
    return running.size();
  }

  /**
   * Records the job execution just started for a queued restoration, so that the next tick does not
   * start another. A bulk update that leaves the version alone: the job may already be recording,
   * in a transaction of its own, that it runs, and must not fail on this one (it did, "Transaction
   * aborted", the restoration in ERROR); the job sets RUNNING itself.
   */
  public void noteExecution(long id, long execution) {
    em.createQuery(
            "UPDATE Restoration r SET r.executionId = :execution, r.statusMessage = :message"
                + " WHERE r.id = :id AND r.status = :queued")
        .setParameter("execution", execution)
        .setParameter("message", "Starting (job execution " + execution + ")")
        .setParameter("id", id)
        .setParameter("queued", RestorationStatus.QUEUED)
        .executeUpdate();
  }

  public RestorationView view(long id) {
    Restoration r = find(id);
    List<RestorationView.Folder> folders = new ArrayList<>();
    long messages = 0;
    long appended = 0;
    long present = 0;
    long refused = 0;
    for (RestoredFolder f : folders(id)) {
      folders.add(
          new RestorationView.Folder(
              f.getName(),
              f.getDestinationName(),
              f.getMessages(),
              f.getAppended(),
              f.getPresent(),
              f.getRefused(),
              f.isFinished()));
      messages += f.getMessages();
      appended += f.getAppended();
      present += f.getPresent();
      refused += f.getRefused();
    }
    List<RestorationView.Error> errors =
        em
            .createQuery(
                "SELECT e FROM RestorationError e WHERE e.restorationId = :id ORDER BY e.id",
                RestorationError.class)
            .setParameter("id", id)
            .getResultList()
            .stream()
            .map(
                e ->
                    new RestorationView.Error(
                        e.getFolder(), e.getItem(), e.getReason(), e.getCreatedAt()))
            .toList();
    return new RestorationView(
        r.getId(),
        r.getEmail(),
        r.getKind().name(),
        from(r),
        r.getStatus().name(),
        r.getStatusMessage(),
        r.getAccount(),
        messages,
        appended,
        present,
        refused,
        r.getCreatedAt(),
        r.getStartedAt(),
        r.getFinishedAt(),
        folders,
        errors);
  }

  /** The newest first, at most {@code max}. */
  public List<RestorationView> list(int max) {
    return em
        .createQuery(
            "SELECT r.id FROM Restoration r ORDER BY r.createdAt DESC, r.id DESC", Long.class)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(this::view)
        .toList();
  }

  private static String from(Restoration r) {
    return switch (r.getKind()) {
      case ARCHIVE -> r.getArchiveName();
      case SERVER -> r.getSourceLogin() + " at " + r.getSourceHost() + ":" + r.getSourcePort();
    };
  }
}
