-- Batch migration (a CSV of up to 1000 mailboxes run as one job execution per wave). The CSV
-- itself is not kept; passwords live only encrypted (SecretBox), in the mailbox migration (the
-- source password) and here until the destination account is created.
CREATE TABLE migration_batch (
    id            BIGINT       NOT NULL PRIMARY KEY,
    name          VARCHAR(255) NOT NULL,
    master_login  VARCHAR(320),
    wave_size     INTEGER,
    start_at      TIMESTAMP,
    stopped       BOOLEAN      NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    started_at    TIMESTAMP,
    version       BIGINT       NOT NULL
);

CREATE TABLE batch_mailbox (
    id               BIGINT  NOT NULL PRIMARY KEY,
    batch_id         BIGINT  NOT NULL REFERENCES migration_batch (id) ON DELETE CASCADE,
    migration_id     BIGINT  NOT NULL REFERENCES mailbox_migration (id) ON DELETE CASCADE,
    line             INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    wave             INTEGER NOT NULL,
    account_password TEXT,
    provisioned      BOOLEAN NOT NULL,
    CONSTRAINT batch_mailbox_unique UNIQUE (batch_id, migration_id)
);
CREATE INDEX batch_mailbox_migration ON batch_mailbox (migration_id);
