package io.mailferry.fetch.application;

import java.time.Instant;
import java.util.List;

/**
 * A fetch as the API and the screen show it; never its password.
 *
 * @param uidl null until a run asked the server; false: messages recognised by fingerprint
 */
public record Pop3FetchView(
    long id,
    String email,
    String host,
    int port,
    String security,
    String login,
    String folder,
    boolean leaveOnServer,
    Integer repeatMinutes,
    String status,
    String statusMessage,
    Boolean uidl,
    Counts counts,
    List<Refusal> errors,
    int runs,
    Instant lastRun,
    Instant lastRunEnded,
    Instant nextRun,
    Long jobExecutionId,
    Instant createdAt) {

  /**
   * @param recognised found on the destination after an interrupted run, not appended again
   */
  public record Counts(
      Integer onServer,
      long fetched,
      long bytes,
      int lastRunFetched,
      long recognised,
      long deleted,
      int refused) {}

  /** A message the destination refused, with its words. */
  public record Refusal(String subject, long size, String reason, Instant at) {}
}
