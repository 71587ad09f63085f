-- Scale-out: several instances on one database. Runs unchanged on H2 2.2 and PostgreSQL 15.
-- Times are epoch milliseconds of the database's clock, so that instances with skewed clocks
-- agree on when a lease runs out.

-- One row per instance: its heartbeat says it is alive; copying and capacity are its own slots.
CREATE TABLE cluster_instance (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    host         VARCHAR(255) NOT NULL,
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    copying      INTEGER      NOT NULL,
    capacity     INTEGER      NOT NULL
);

-- The instance working on a mailbox, until lease_until unless its heartbeat renews the lease.
-- source_server (host:port) is set while the mailbox holds one of that source's slots: the
-- ceiling per source server counts these rows over every instance.
CREATE TABLE mailbox_lease (
    migration_id  BIGINT       NOT NULL PRIMARY KEY
                  REFERENCES mailbox_migration (id) ON DELETE CASCADE,
    instance_id   VARCHAR(64)  NOT NULL,
    lease_until   BIGINT       NOT NULL,
    source_server VARCHAR(300)
);
CREATE INDEX mailbox_lease_instance ON mailbox_lease (instance_id);
CREATE INDEX mailbox_lease_source ON mailbox_lease (source_server);

-- Usage samples name the instance that took them.
ALTER TABLE usage_sample ADD COLUMN instance_id VARCHAR(64);
