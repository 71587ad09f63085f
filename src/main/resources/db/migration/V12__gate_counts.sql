-- The load gate of each instance as its heartbeat last reported it: its state, the mailboxes it
-- lets copy, and how often it throttled, closed and paused a mailbox since the instance started
-- (counted in memory there: they start again at 0 with the instance). Runs on H2 2.2 and
-- PostgreSQL 15.
ALTER TABLE cluster_instance ADD COLUMN gate_state VARCHAR(16) DEFAULT 'OPEN' NOT NULL;
ALTER TABLE cluster_instance ADD COLUMN gate_allowed INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE cluster_instance ADD COLUMN gate_throttles BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE cluster_instance ADD COLUMN gate_closures BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE cluster_instance ADD COLUMN mailbox_pauses BIGINT DEFAULT 0 NOT NULL;
