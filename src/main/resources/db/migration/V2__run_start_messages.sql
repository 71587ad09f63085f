-- Messages already done when the current run started copying: the rate shown while a resumed or
-- resynced mailbox runs counts only what this run copied.
ALTER TABLE mailbox_migration ADD COLUMN run_start_messages BIGINT DEFAULT 0 NOT NULL;
