-- The POP3 fetch tool: one row per POP3 account fetched into a destination mailbox folder (the
-- password sealed by SecretBox), and its ledger: one row per POP3 message, named by its UIDL (or
-- a fingerprint where the server has none), committed APPENDING before the APPEND and FETCHED
-- after it, so that a run after a crash recognises what is already on the destination.
CREATE TABLE pop3_fetch (
    id                  BIGINT        NOT NULL PRIMARY KEY,
    email               VARCHAR(320)  NOT NULL,
    host                VARCHAR(255)  NOT NULL,
    port                INTEGER       NOT NULL,
    security            VARCHAR(16)   NOT NULL,
    allow_plaintext     BOOLEAN       NOT NULL,
    login               VARCHAR(320)  NOT NULL,
    sealed_password     TEXT          NOT NULL,
    folder              VARCHAR(255)  NOT NULL,
    trusted_certificate TEXT,
    leave_on_server     BOOLEAN       NOT NULL,
    repeat_minutes      INTEGER,
    status              VARCHAR(16)   NOT NULL,
    status_message      VARCHAR(1000),
    uidl_supported      BOOLEAN,
    messages_on_server  INTEGER,
    messages_fetched    BIGINT        NOT NULL,
    bytes_fetched       BIGINT        NOT NULL,
    messages_recognised BIGINT        NOT NULL,
    messages_deleted    BIGINT        NOT NULL,
    last_run_fetched    INTEGER       NOT NULL,
    runs                INTEGER       NOT NULL,
    last_run_started    TIMESTAMP,
    last_run_ended      TIMESTAMP,
    next_run            TIMESTAMP,
    job_execution_id    BIGINT,
    created_at          TIMESTAMP     NOT NULL,
    updated_at          TIMESTAMP     NOT NULL
);
CREATE INDEX pop3_fetch_status ON pop3_fetch (status);

CREATE TABLE pop3_fetched_message (
    id                   BIGINT        NOT NULL PRIMARY KEY,
    fetch_id             BIGINT        NOT NULL REFERENCES pop3_fetch (id) ON DELETE CASCADE,
    message_key          VARCHAR(100)  NOT NULL,
    fingerprint          VARCHAR(64)   NOT NULL,
    internal_date        TIMESTAMP     NOT NULL,
    message_size         BIGINT        NOT NULL,
    subject              VARCHAR(255),
    state                VARCHAR(16)   NOT NULL,
    destination_uid_next BIGINT,
    destination_uid      BIGINT,
    reason               VARCHAR(1000),
    recorded_at          TIMESTAMP     NOT NULL,
    CONSTRAINT pop3_fetched_message_unique UNIQUE (fetch_id, message_key)
);
