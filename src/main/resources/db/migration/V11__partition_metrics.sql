-- The batch metrics of each partition (one mailbox) of a job execution, as the partition's own
-- StepContext counts them. The JobOperator answers the step's sums only; the batch runtime's
-- partition-level rows are its private tables. Runs unchanged on H2 2.2 and PostgreSQL 15.
CREATE TABLE partition_metrics (
    job_execution_id BIGINT    NOT NULL,
    migration_id     BIGINT    NOT NULL REFERENCES mailbox_migration (id) ON DELETE CASCADE,
    read_count       BIGINT    NOT NULL,
    write_count      BIGINT    NOT NULL,
    commit_count     BIGINT    NOT NULL,
    rollback_count   BIGINT    NOT NULL,
    skip_count       BIGINT    NOT NULL,
    filter_count     BIGINT    NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (job_execution_id, migration_id)
);
CREATE INDEX partition_metrics_migration ON partition_metrics (migration_id);
