package io.mailferry.migration.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch as the screens and the API show it: its state, totals, rate and ETA, and (in detail) each
 * mailbox.
 *
 * @param rate messages per second of the mailboxes copying now
 * @param etaSeconds seconds left at that rate for the messages counted so far (mailboxes not yet
 *     started have no count yet)
 */
public record BatchView(
    long id,
    String name,
    String state,
    String masterLogin,
    Integer waveSize,
    int waves,
    Integer currentWave,
    Instant createdAt,
    Instant startAt,
    Instant startedAt,
    int mailboxes,
    Map<String, Long> statuses,
    long messagesDone,
    long messagesTotal,
    long bytesDone,
    long bytesTotal,
    Double rate,
    Long etaSeconds,
    List<Member> members) {

  /** One mailbox of the batch. */
  public record Member(
      int line,
      String email,
      int wave,
      String status,
      String statusMessage,
      long messagesDone,
      long messagesTotal,
      long bytesDone,
      long bytesTotal,
      long skipped,
      long refused,
      Long jobExecutionId) {

    public int percent() {
      if (messagesTotal <= 0) {
        return "COMPLETED".equals(status) ? 100 : 0;
      }
      return (int) Math.min(100, messagesDone * 100 / messagesTotal);
    }
  }

  public int percent() {
    return messagesTotal <= 0 ? 0 : (int) Math.min(100, messagesDone * 100 / messagesTotal);
  }

  public long count(String status) {
    return statuses.getOrDefault(status, 0L);
  }

  /** A view without its members (the list of batches). */
  public BatchView summary() {
    return new BatchView(
        id,
        name,
        state,
        masterLogin,
        waveSize,
        waves,
        currentWave,
        createdAt,
        startAt,
        startedAt,
        mailboxes,
        statuses,
        messagesDone,
        messagesTotal,
        bytesDone,
        bytesTotal,
        rate,
        etaSeconds,
        List.of());
  }
}
