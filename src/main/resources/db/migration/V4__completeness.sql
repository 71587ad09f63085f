-- Nothing twice and never "done" while mail is missing (issue 10).
-- Each start of a mailbox's copy is a run; errors belong to the run that met them and stay as
-- history once resolved (the message copied later, or tried again by a later run).
ALTER TABLE mailbox_migration ADD COLUMN run_number INTEGER DEFAULT 0 NOT NULL;
-- WAITING with no job execution to run it (paused for load or a slot): the dispatcher restarts it.
ALTER TABLE mailbox_migration ADD COLUMN paused BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE message_error ADD COLUMN kind VARCHAR(20) DEFAULT 'REFUSED' NOT NULL;
ALTER TABLE message_error ADD COLUMN run_number INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE message_error ADD COLUMN uid_validity BIGINT;
ALTER TABLE message_error ADD COLUMN resolved_at TIMESTAMP;
UPDATE message_error SET kind = 'RULE'
 WHERE reason LIKE 'deleted on the source%' OR reason LIKE 'larger than the domain%';
UPDATE message_error SET kind = 'GONE' WHERE reason LIKE 'expunged on the source%';
UPDATE message_error SET kind = 'UNREADABLE' WHERE reason LIKE 'the source server did not return%';
CREATE INDEX message_error_open ON message_error (migration_id, resolved_at);

ALTER TABLE migrated_message ADD COLUMN run_number INTEGER DEFAULT 0 NOT NULL;

-- The verification after a folder's last chunk: the source's messages against the records, and
-- the records of the run against the destination's UID SEARCH.
ALTER TABLE folder_checkpoint ADD COLUMN source_messages BIGINT;
ALTER TABLE folder_checkpoint ADD COLUMN found_on_destination BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE folder_checkpoint ADD COLUMN verified BOOLEAN;
ALTER TABLE folder_checkpoint ADD COLUMN verified_at TIMESTAMP;
ALTER TABLE folder_checkpoint ADD COLUMN verification VARCHAR(2000);
