package io.mailferry.migration.application;

import java.time.Instant;
import java.util.List;

/**
 * A mailbox migration as the screens and the REST API show it.
 *
 * @param messagesSkipped messages a domain rule left out (flagged deleted, over the size limit)
 */
public record MigrationView(
    String email,
    String domain,
    String status,
    String statusMessage,
    long messagesDone,
    long messagesTotal,
    long bytesDone,
    long bytesTotal,
    String currentFolder,
    int errorEpisodes,
    int messageErrors,
    long messagesSkipped,
    Long jobExecutionId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    Double messagesPerSecond,
    Long etaSeconds,
    List<FolderView> folders,
    List<ErrorView> errors) {

  public record FolderView(
      String source,
      String destination,
      long messagesDone,
      long messagesTotal,
      long bytesDone,
      long bytesTotal,
      boolean completed,
      long messagesSkipped) {}

  public record ErrorView(
      String folder,
      Long uid,
      String messageId,
      String subject,
      Long size,
      String reason,
      Instant at) {}

  /** Whole percent of messages done; 100 when there is nothing to copy and it is done. */
  public int percent() {
    if (messagesTotal <= 0) {
      return "COMPLETED".equals(status) ? 100 : 0;
    }
    return (int) Math.min(100, messagesDone * 100 / messagesTotal);
  }
}
