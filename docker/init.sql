-- Accounts of the Dovecot destination (docker compose). Mailferry's sql provisioner inserts one
-- row per migrated mailbox (MAILFERRY_PROVISIONER_SQL_INSERT in compose.yaml): userid is the
-- local part and domain the part after '@', both lower case; password is a Dovecot hash such
-- as {SHA512-CRYPT}$6$... (mailferry.provisioner.sql.scheme).
-- Runs once, when the PostgreSQL volume is new (docker-entrypoint-initdb.d). The table lives in
-- a schema of its own: Flyway refuses to migrate a non-empty "public" schema it did not create.
CREATE SCHEMA mailserver;
CREATE TABLE mailserver.users (
    userid     VARCHAR(128) NOT NULL,
    domain     VARCHAR(253) NOT NULL,
    password   VARCHAR(255) NOT NULL,
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (userid, domain)
);

-- Dovecot only reads the table, with a role of its own; its password comes from the
-- environment of the postgres container (psql 15 \getenv).
\getenv dovecot_password DOVECOT_DB_PASSWORD
CREATE ROLE dovecot LOGIN PASSWORD :'dovecot_password';
GRANT USAGE ON SCHEMA mailserver TO dovecot;
GRANT SELECT ON mailserver.users TO dovecot;
