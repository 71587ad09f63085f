package io.mailferry.migration.application;

import io.mailferry.migration.domain.BatchMailbox;
import io.mailferry.migration.domain.BatchState;
import io.mailferry.migration.domain.BatchWaves;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MigrationBatch;
import io.mailferry.migration.domain.MigrationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A batch and its mailboxes as {@link BatchView}: state, totals, rate, ETA, open wave. */
final class BatchViews {

  private BatchViews() {}

  /**
   * @param errors per migration id: messages skipped by rule, and messages refused
   */
  static BatchView of(MigrationBatch batch, List<BatchMailbox> members, Map<Long, long[]> errors) {
    Instant now = Instant.now();
    Map<MigrationStatus, Long> counts = new EnumMap<>(MigrationStatus.class);
    long messagesDone = 0;
    long messagesTotal = 0;
    long bytesDone = 0;
    long bytesTotal = 0;
    double rate = 0;
    boolean anyRate = false;
    List<Integer> unfinishedWaves = new ArrayList<>();
    for (BatchMailbox member : members) {
      MailboxMigration m = member.getMigration();
      counts.merge(m.getStatus(), 1L, Long::sum);
      messagesDone += m.getMessagesDone();
      messagesTotal += Math.max(m.getMessagesTotal(), m.getMessagesDone());
      bytesDone += m.getBytesDone();
      bytesTotal += Math.max(m.getBytesTotal(), m.getBytesDone());
      Double r = MigrationViews.rate(m);
      if (r != null) {
        rate += r;
        anyRate = true;
      }
      if (m.getStatus().isActive()) {
        unfinishedWaves.add(member.getWave());
      }
    }
    var open = BatchWaves.open(unfinishedWaves);
    BatchState state = BatchState.of(batch.isStopped(), batch.getStartAt(), now, counts);
    List<BatchView.Member> rows = new ArrayList<>();
    for (BatchMailbox member : members) {
      MailboxMigration m = member.getMigration();
      long[] e = errors.getOrDefault(m.getId(), new long[2]);
      rows.add(
          new BatchView.Member(
              member.getLine(),
              m.getEmail(),
              member.getWave() + 1,
              m.getStatus().name(),
              memberMessage(batch, member, state, open.orElse(-1)),
              m.getMessagesDone(),
              m.getMessagesTotal(),
              m.getBytesDone(),
              m.getBytesTotal(),
              e[0],
              e[1],
              m.getJobExecutionId()));
    }
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (MigrationStatus status : MigrationStatus.values()) {
      statuses.put(status.name(), counts.getOrDefault(status, 0L));
    }
    Double shownRate = anyRate ? Math.round(rate * 10) / 10.0 : null;
    Long eta =
        shownRate == null || shownRate <= 0
            ? null
            : Math.round(Math.max(0, messagesTotal - messagesDone) / shownRate);
    return new BatchView(
        batch.getId(),
        batch.getName(),
        state.name(),
        batch.getMasterLogin(),
        batch.getWaveSize(),
        BatchWaves.count(members.size(), batch.getWaveSize()),
        open.isPresent() ? open.getAsInt() + 1 : null,
        batch.getCreatedAt(),
        batch.getStartAt(),
        batch.getStartedAt(),
        members.size(),
        statuses,
        messagesDone,
        messagesTotal,
        bytesDone,
        bytesTotal,
        shownRate,
        eta,
        rows);
  }

  /** A queued mailbox says what it waits for: the start time, its wave, or a restart. */
  private static String memberMessage(
      MigrationBatch batch, BatchMailbox member, BatchState state, int openWave) {
    MailboxMigration m = member.getMigration();
    if (m.getStatus() != MigrationStatus.QUEUED) {
      return m.getStatusMessage();
    }
    if (state == BatchState.SCHEDULED) {
      return "Scheduled: the batch starts at " + batch.getStartAt();
    }
    if (batch.isStopped()) {
      return "Stopped with its batch; restarting the batch resumes it";
    }
    if (member.getWave() > openWave && openWave >= 0) {
      return "Waiting for wave "
          + (member.getWave() + 1)
          + " (wave "
          + (openWave + 1)
          + " is running)";
    }
    return m.getStatusMessage();
  }
}
