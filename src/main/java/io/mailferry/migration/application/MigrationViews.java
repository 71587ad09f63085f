package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.persistence.EntityManager;
import java.util.List;

/** What the screens and the API show of a mailbox's migration: its folders, errors and speed. */
final class MigrationViews {

  private static final int ERRORS_SHOWN = 200;

  private MigrationViews() {}

  static MigrationView of(EntityManager em, MailboxMigration m) {
    List<MigrationView.FolderView> folders =
        m.getId() == null
            ? List.of()
            : em
                .createQuery(
                    "SELECT c FROM FolderCheckpoint c WHERE c.migration = :m ORDER BY c.position",
                    FolderCheckpoint.class)
                .setParameter("m", m)
                .getResultList()
                .stream()
                .map(
                    c ->
                        new MigrationView.FolderView(
                            c.getSourceName(),
                            c.getDestinationName(),
                            c.getMessagesDone(),
                            c.getMessagesTotal(),
                            c.getBytesDone(),
                            c.getBytesTotal(),
                            c.isCompleted(),
                            c.getMessagesSkipped()))
                .toList();
    List<MigrationView.ErrorView> errors =
        m.getId() == null
            ? List.of()
            : em
                .createQuery(
                    "SELECT e FROM MessageError e WHERE e.migration = :m AND e.resolvedAt IS NULL"
                        + " ORDER BY e.id",
                    MessageError.class)
                .setParameter("m", m)
                .setMaxResults(ERRORS_SHOWN)
                .getResultList()
                .stream()
                .map(
                    e ->
                        new MigrationView.ErrorView(
                            e.getFolder(),
                            e.getSourceUid(),
                            e.getMessageId(),
                            e.getSubject(),
                            e.getSize(),
                            e.getReason(),
                            e.getOccurredAt()))
                .toList();
    long skipped = folders.stream().mapToLong(MigrationView.FolderView::messagesSkipped).sum();
    return of(m, skipped, folders, errors);
  }

  static MigrationView of(
      MailboxMigration m,
      long messagesSkipped,
      List<MigrationView.FolderView> folders,
      List<MigrationView.ErrorView> errors) {
    return new MigrationView(
        m.getEmail(),
        m.getDomain().getName(),
        m.getStatus().name(),
        m.getStatusMessage(),
        m.getMessagesDone(),
        m.getMessagesTotal(),
        m.getBytesDone(),
        m.getBytesTotal(),
        m.getCurrentFolder(),
        m.getErrorEpisodes(),
        m.getMessageErrors(),
        messagesSkipped,
        m.getJobExecutionId(),
        m.getCreatedAt(),
        m.getStartedAt(),
        m.getFinishedAt(),
        m.getUpdatedAt(),
        rate(m),
        eta(m),
        folders,
        errors);
  }

  /** Messages per second since the current run started, while it runs. */
  static Double rate(MailboxMigration m) {
    if (m.getStatus() != MigrationStatus.RUNNING || m.getRunStartedAt() == null) {
      return null;
    }
    double seconds =
        java.time.Duration.between(m.getRunStartedAt(), java.time.Instant.now()).toMillis()
            / 1000.0;
    return seconds < 1 ? null : Math.round(m.getMessagesDoneThisRun() / seconds * 10) / 10.0;
  }

  /** Seconds left at the current rate, while it runs. */
  static Long eta(MailboxMigration m) {
    Double rate = rate(m);
    if (rate == null || rate <= 0) {
      return null;
    }
    return Math.round(Math.max(0, m.getMessagesTotal() - m.getMessagesDone()) / rate);
  }
}
