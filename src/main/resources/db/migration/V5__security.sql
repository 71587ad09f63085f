-- Refused sign-ups, status checks and admin logins, shared by every Mailferry instance on this
-- database: one row per attempt in the window (epoch milliseconds), deleted when it succeeded or
-- once it left the window.
CREATE TABLE rate_limit_attempt (
    attempt_id   VARCHAR(36)  NOT NULL PRIMARY KEY,
    limit_name   VARCHAR(40)  NOT NULL,
    limit_key    VARCHAR(300) NOT NULL,
    attempted_at BIGINT       NOT NULL
);
CREATE INDEX rate_limit_attempt_key ON rate_limit_attempt (limit_name, limit_key, attempted_at);
CREATE INDEX rate_limit_attempt_time ON rate_limit_attempt (limit_name, attempted_at);

-- When the stored source password was last given (sign-up, queueing): the retention counts from
-- the latest of this, the queueing and the finish, in every state.
ALTER TABLE mailbox_migration ADD COLUMN password_stored_at TIMESTAMP;
