-- Data restoration (issue 15): one mailbox restored from an uploaded archive or moved from
-- another server. The archive itself waits, unpacked, in a private spool directory until the
-- restoration is complete; passwords (the old server's login, the destination's where no master
-- user is configured) are sealed (SecretBox) and wiped when the restoration completes.
CREATE TABLE restoration (
    id               BIGINT        NOT NULL PRIMARY KEY,
    email            VARCHAR(320)  NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    status_message   VARCHAR(1000),
    archive_name     VARCHAR(255),
    spool_directory  VARCHAR(1000),
    source_host      VARCHAR(253),
    source_port      INTEGER,
    source_security  VARCHAR(16),
    source_login     VARCHAR(320),
    source_password  TEXT,
    destination_password TEXT,
    account          VARCHAR(1000),
    execution_id     BIGINT,
    created_at       TIMESTAMP     NOT NULL,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    version          BIGINT        NOT NULL
);
CREATE INDEX restoration_status ON restoration (status);

CREATE TABLE restoration_folder (
    id               BIGINT        NOT NULL PRIMARY KEY,
    restoration_id   BIGINT        NOT NULL REFERENCES restoration (id) ON DELETE CASCADE,
    position         INTEGER       NOT NULL,
    name             VARCHAR(1000) NOT NULL,
    destination_name VARCHAR(1000) NOT NULL,
    messages         BIGINT        NOT NULL,
    appended         BIGINT        NOT NULL,
    present          BIGINT        NOT NULL,
    refused          BIGINT        NOT NULL,
    done_through     BIGINT        NOT NULL,
    finished         BOOLEAN       NOT NULL,
    CONSTRAINT restoration_folder_unique UNIQUE (restoration_id, position)
);

CREATE TABLE restoration_error (
    id               BIGINT        NOT NULL PRIMARY KEY,
    restoration_id   BIGINT        NOT NULL REFERENCES restoration (id) ON DELETE CASCADE,
    folder           VARCHAR(1000),
    item             VARCHAR(1000),
    reason           VARCHAR(2000) NOT NULL,
    created_at       TIMESTAMP     NOT NULL
);
CREATE INDEX restoration_error_restoration ON restoration_error (restoration_id);
