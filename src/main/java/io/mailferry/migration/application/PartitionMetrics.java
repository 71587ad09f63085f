package io.mailferry.migration.application;

import jakarta.batch.runtime.Metric;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch metrics of each partition of a job execution. The JobOperator gives a step's metrics
 * summed over its partitions (Jakarta Batch 10.9.7); each partition's own StepContext counts for
 * that partition alone, so the partition records them here, keyed by the execution and its mailbox.
 */
@Stateless
public class PartitionMetrics {

  /** Read, write, commit, rollback, skip and filter counts of one partition. */
  public record Counts(long read, long write, long commit, long rollback, long skip, long filter) {

    /** The counts a partition's StepContext holds now. */
    public static Counts of(Metric[] metrics) {
      return new Counts(
          value(metrics, Metric.MetricType.READ_COUNT),
          value(metrics, Metric.MetricType.WRITE_COUNT),
          value(metrics, Metric.MetricType.COMMIT_COUNT),
          value(metrics, Metric.MetricType.ROLLBACK_COUNT),
          value(metrics, Metric.MetricType.READ_SKIP_COUNT)
              + value(metrics, Metric.MetricType.PROCESS_SKIP_COUNT)
              + value(metrics, Metric.MetricType.WRITE_SKIP_COUNT),
          value(metrics, Metric.MetricType.FILTER_COUNT));
    }

    /** With the rollback the runtime is about to make counted too. */
    public Counts withRollback() {
      return new Counts(read, write, commit, rollback + 1, skip, filter);
    }

    private static long value(Metric[] metrics, Metric.MetricType type) {
      long sum = 0;
      for (Metric metric : metrics == null ? new Metric[0] : metrics) {
        if (metric.getType() == type) {
          sum += metric.getValue();
        }
      }
      return sum;
    }
  }

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  /**
   * Records a partition's counts in a transaction of their own: the chunk's transaction may be
   * rolled back, and its rollback is what must be counted then.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void record(long executionId, long migrationId, Counts counts) {
    Timestamp now = Timestamp.from(Instant.now());
    int updated =
        em.createNativeQuery(
                "UPDATE partition_metrics SET read_count = ?, write_count = ?, commit_count = ?,"
                    + " rollback_count = ?, skip_count = ?, filter_count = ?, updated_at = ?"
                    + " WHERE job_execution_id = ? AND migration_id = ?")
            .setParameter(1, counts.read())
            .setParameter(2, counts.write())
            .setParameter(3, counts.commit())
            .setParameter(4, counts.rollback())
            .setParameter(5, counts.skip())
            .setParameter(6, counts.filter())
            .setParameter(7, now)
            .setParameter(8, executionId)
            .setParameter(9, migrationId)
            .executeUpdate();
    boolean mailboxExists =
        updated == 0
            && ((Number)
                        em.createNativeQuery("SELECT COUNT(*) FROM mailbox_migration WHERE id = ?")
                            .setParameter(1, migrationId)
                            .getSingleResult())
                    .longValue()
                > 0;
    if (mailboxExists) {
      em.createNativeQuery(
              "INSERT INTO partition_metrics (job_execution_id, migration_id, read_count,"
                  + " write_count, commit_count, rollback_count, skip_count, filter_count,"
                  + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .setParameter(1, executionId)
          .setParameter(2, migrationId)
          .setParameter(3, counts.read())
          .setParameter(4, counts.write())
          .setParameter(5, counts.commit())
          .setParameter(6, counts.rollback())
          .setParameter(7, counts.skip())
          .setParameter(8, counts.filter())
          .setParameter(9, now)
          .executeUpdate();
    }
  }

  /** The counts of each partition (by mailbox id) that ran in the execution. */
  public Map<Long, Counts> of(long executionId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT migration_id, read_count, write_count, commit_count, rollback_count,"
                    + " skip_count, filter_count FROM partition_metrics WHERE job_execution_id = ?")
            .setParameter(1, executionId)
            .getResultList();
    Map<Long, Counts> result = new HashMap<>();
    for (Object[] row : rows) {
      result.put(
          number(row[0]),
          new Counts(
              number(row[1]),
              number(row[2]),
              number(row[3]),
              number(row[4]),
              number(row[5]),
              number(row[6])));
    }
    return result;
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }
}
