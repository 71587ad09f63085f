-- The admin console: the mailbox list sorts and filters in the database (100,000 mailboxes and
-- more), and the usage metrics keep 7 days of samples. Runs unchanged on H2 2.2 and PostgreSQL 15.

-- Sorting the whole list, and each filter sorted by the default order (most recently updated).
CREATE INDEX mailbox_migration_updated ON mailbox_migration (updated_at, id);
CREATE INDEX mailbox_migration_created ON mailbox_migration (created_at, id);
CREATE INDEX mailbox_migration_done ON mailbox_migration (messages_done, id);
CREATE INDEX mailbox_migration_status_updated ON mailbox_migration (status, updated_at);
CREATE INDEX mailbox_migration_domain_updated ON mailbox_migration (domain_id, updated_at);
CREATE INDEX mailbox_migration_job ON mailbox_migration (job_execution_id);

-- One sample of the server's usage. resolution_seconds is 60 for the 1-minute points of the last
-- day; older ones are merged into 15-minute points.
CREATE TABLE usage_sample (
    id                 BIGINT           NOT NULL PRIMARY KEY,
    sampled_at         TIMESTAMP        NOT NULL,
    resolution_seconds INTEGER          NOT NULL,
    cpus               INTEGER          NOT NULL,
    load1              DOUBLE PRECISION,
    load5              DOUBLE PRECISION,
    load15             DOUBLE PRECISION,
    threshold          DOUBLE PRECISION NOT NULL,
    messages_per_second DOUBLE PRECISION NOT NULL,
    bytes_per_second   DOUBLE PRECISION NOT NULL,
    copying            INTEGER          NOT NULL,
    waiting            INTEGER          NOT NULL,
    queued             INTEGER          NOT NULL,
    heap_used          BIGINT           NOT NULL,
    heap_max           BIGINT           NOT NULL
);
CREATE INDEX usage_sample_time ON usage_sample (sampled_at);
