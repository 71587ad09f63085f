-- Mailferry schema, version 1. Runs unchanged on H2 2.2 and PostgreSQL 15.
-- EclipseLink takes a sequence value as the last id of a block of 50: the first must be 50.
CREATE SEQUENCE mailferry_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE mail_domain (
    id                 BIGINT       NOT NULL PRIMARY KEY,
    name               VARCHAR(253) NOT NULL UNIQUE,
    source_host        VARCHAR(253) NOT NULL,
    source_port        INTEGER      NOT NULL,
    source_security    VARCHAR(16)  NOT NULL,
    allow_plaintext    BOOLEAN      NOT NULL,
    trusted_cert       TEXT,
    auto_migration     BOOLEAN      NOT NULL,
    exclude_folders    TEXT,
    folder_renames     TEXT,
    max_message_size   BIGINT,
    copy_deleted       BOOLEAN      NOT NULL,
    migration_finished BOOLEAN      NOT NULL,
    created_at         TIMESTAMP    NOT NULL,
    version            BIGINT       NOT NULL
);

CREATE TABLE mailbox_migration (
    id                   BIGINT       NOT NULL PRIMARY KEY,
    email                VARCHAR(320) NOT NULL UNIQUE,
    domain_id            BIGINT       NOT NULL REFERENCES mail_domain (id),
    source_login         VARCHAR(320) NOT NULL,
    source_password      TEXT,
    status               VARCHAR(16)  NOT NULL,
    status_message       VARCHAR(1000),
    error_episodes       INTEGER      NOT NULL,
    message_errors       INTEGER      NOT NULL,
    messages_total       BIGINT       NOT NULL,
    messages_done        BIGINT       NOT NULL,
    bytes_total          BIGINT       NOT NULL,
    bytes_done           BIGINT       NOT NULL,
    current_folder       VARCHAR(1000),
    job_execution_id     BIGINT,
    created_at           TIMESTAMP    NOT NULL,
    queued_at            TIMESTAMP,
    started_at           TIMESTAMP,
    run_started_at       TIMESTAMP,
    finished_at          TIMESTAMP,
    updated_at           TIMESTAMP    NOT NULL,
    version              BIGINT       NOT NULL
);
CREATE INDEX mailbox_migration_status ON mailbox_migration (status);

CREATE TABLE folder_checkpoint (
    id               BIGINT        NOT NULL PRIMARY KEY,
    migration_id     BIGINT        NOT NULL REFERENCES mailbox_migration (id) ON DELETE CASCADE,
    source_name      VARCHAR(1000) NOT NULL,
    destination_name VARCHAR(1000) NOT NULL,
    position         INTEGER       NOT NULL,
    uid_validity     BIGINT,
    last_uid         BIGINT        NOT NULL,
    highest_modseq   BIGINT,
    dest_uid_validity BIGINT,
    dest_uid_next    BIGINT,
    messages_total   BIGINT        NOT NULL,
    messages_done    BIGINT        NOT NULL,
    bytes_total      BIGINT        NOT NULL,
    bytes_done       BIGINT        NOT NULL,
    completed        BOOLEAN       NOT NULL,
    CONSTRAINT folder_checkpoint_unique UNIQUE (migration_id, source_name)
);

CREATE TABLE migrated_message (
    id            BIGINT      NOT NULL PRIMARY KEY,
    folder_id     BIGINT      NOT NULL REFERENCES folder_checkpoint (id) ON DELETE CASCADE,
    uid_validity  BIGINT      NOT NULL,
    source_uid    BIGINT      NOT NULL,
    fingerprint   VARCHAR(64) NOT NULL,
    dest_uid      BIGINT,
    source_flags  VARCHAR(1000)
);
CREATE INDEX migrated_message_uid ON migrated_message (folder_id, source_uid);
CREATE INDEX migrated_message_fingerprint ON migrated_message (folder_id, fingerprint);

CREATE TABLE message_error (
    id           BIGINT        NOT NULL PRIMARY KEY,
    migration_id BIGINT        NOT NULL REFERENCES mailbox_migration (id) ON DELETE CASCADE,
    folder       VARCHAR(1000) NOT NULL,
    source_uid   BIGINT,
    message_id   VARCHAR(1000),
    subject      VARCHAR(1000),
    size_bytes   BIGINT,
    reason       VARCHAR(2000) NOT NULL,
    occurred_at  TIMESTAMP     NOT NULL
);
CREATE INDEX message_error_migration ON message_error (migration_id);
