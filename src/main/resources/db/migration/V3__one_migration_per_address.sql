-- One migration per mailbox: addresses are keyed in lower case, and what this step finds under
-- case variants of one address (Casey@corp.test, casey@corp.test) becomes one migration.
-- Runs unchanged on H2 2.2 and PostgreSQL 15 (timestamps are copied, never taken from the
-- database's clock: the application writes UTC). Also: messages skipped by a domain rule are
-- counted per folder, and new domains copy messages flagged \Deleted.
--
-- The merge rule. The variants all copied into the same destination mailbox, so every record
-- any of them holds describes mail that is there; the rule keeps the most progress and the most
-- records:
--  1. The surviving migration of a group is the one that got furthest: most messages done, then
--     the latest update, then the oldest id. It takes the lower-case address.
--  2. Per source folder, the checkpoint that got furthest is kept (most messages done, then the
--     highest last UID, then the survivor's own, then the oldest id) and moves to the survivor.
--  3. The other checkpoints of that folder give their message records to the kept one where it
--     has no record of the same source message (UIDVALIDITY and UID; of several, the oldest
--     record), then are dropped with what is left of their records: only duplicates.
--  4. Message errors of every variant move to the survivor (they are history). Its counters are
--     summed from the checkpoints it now holds; error counters and episodes are summed; when the
--     survivor has no stored source password it takes the latest updated variant's.
--  5. If any variant was still queued, waiting or running, the survivor is queued: it goes on
--     from the kept checkpoints. Otherwise it keeps its status (an admin may resync it).
-- Mail the variants already copied twice stays on the destination: this step cannot see it.
-- Non-ASCII letters are compared with the database's LOWER(), as the address check below is.

ALTER TABLE folder_checkpoint ADD COLUMN messages_skipped BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE mail_domain ALTER COLUMN copy_deleted SET DEFAULT TRUE;

CREATE TABLE v3_member AS
SELECT id, survivor_id
  FROM (SELECT id,
               FIRST_VALUE(id) OVER (PARTITION BY LOWER(email)
                                     ORDER BY messages_done DESC, updated_at DESC, id) AS survivor_id,
               COUNT(*) OVER (PARTITION BY LOWER(email)) AS variants
          FROM mailbox_migration) ranked
 WHERE variants > 1;

CREATE TABLE v3_checkpoint AS
SELECT c.id, m.survivor_id,
       FIRST_VALUE(c.id) OVER (PARTITION BY m.survivor_id, c.source_name
                               ORDER BY c.messages_done DESC, c.last_uid DESC,
                                        CASE WHEN c.migration_id = m.survivor_id THEN 0 ELSE 1 END,
                                        c.id) AS kept_id
  FROM folder_checkpoint c
  JOIN v3_member m ON m.id = c.migration_id;

CREATE TABLE v3_record AS
SELECT r.id, k.kept_id
  FROM migrated_message r
  JOIN v3_checkpoint k ON k.id = r.folder_id
 WHERE k.id <> k.kept_id
   AND NOT EXISTS (SELECT 1 FROM migrated_message o
                    WHERE o.folder_id = k.kept_id
                      AND o.uid_validity = r.uid_validity
                      AND o.source_uid = r.source_uid)
   AND r.id = (SELECT MIN(r2.id)
                 FROM migrated_message r2
                 JOIN v3_checkpoint k2 ON k2.id = r2.folder_id
                WHERE k2.kept_id = k.kept_id
                  AND k2.id <> k2.kept_id
                  AND r2.uid_validity = r.uid_validity
                  AND r2.source_uid = r.source_uid);

UPDATE migrated_message
   SET folder_id = (SELECT v.kept_id FROM v3_record v WHERE v.id = migrated_message.id)
 WHERE id IN (SELECT id FROM v3_record);

DELETE FROM migrated_message
 WHERE folder_id IN (SELECT id FROM v3_checkpoint WHERE id <> kept_id);
DELETE FROM folder_checkpoint
 WHERE id IN (SELECT id FROM v3_checkpoint WHERE id <> kept_id);

UPDATE folder_checkpoint
   SET migration_id = (SELECT k.survivor_id FROM v3_checkpoint k WHERE k.id = folder_checkpoint.id)
 WHERE id IN (SELECT id FROM v3_checkpoint WHERE id = kept_id)
   AND migration_id <> (SELECT k.survivor_id FROM v3_checkpoint k WHERE k.id = folder_checkpoint.id);

UPDATE message_error
   SET migration_id = (SELECT m.survivor_id FROM v3_member m WHERE m.id = message_error.migration_id)
 WHERE migration_id IN (SELECT id FROM v3_member WHERE id <> survivor_id);

UPDATE mailbox_migration
   SET messages_done = COALESCE((SELECT SUM(c.messages_done) FROM folder_checkpoint c
                                  WHERE c.migration_id = mailbox_migration.id), messages_done),
       bytes_done = COALESCE((SELECT SUM(c.bytes_done) FROM folder_checkpoint c
                               WHERE c.migration_id = mailbox_migration.id), bytes_done),
       messages_total = COALESCE((SELECT SUM(c.messages_total) FROM folder_checkpoint c
                                   WHERE c.migration_id = mailbox_migration.id), messages_total),
       bytes_total = COALESCE((SELECT SUM(c.bytes_total) FROM folder_checkpoint c
                                WHERE c.migration_id = mailbox_migration.id), bytes_total),
       message_errors = (SELECT SUM(v.message_errors) FROM mailbox_migration v
                          JOIN v3_member m ON m.id = v.id
                         WHERE m.survivor_id = mailbox_migration.id),
       error_episodes = (SELECT SUM(v.error_episodes) FROM mailbox_migration v
                          JOIN v3_member m ON m.id = v.id
                         WHERE m.survivor_id = mailbox_migration.id),
       source_password = COALESCE(source_password,
                                  (SELECT v.source_password FROM mailbox_migration v
                                     JOIN v3_member m ON m.id = v.id
                                    WHERE m.survivor_id = mailbox_migration.id
                                      AND v.source_password IS NOT NULL
                                    ORDER BY v.updated_at DESC, v.id
                                    FETCH FIRST 1 ROWS ONLY)),
       created_at = (SELECT MIN(v.created_at) FROM mailbox_migration v
                      JOIN v3_member m ON m.id = v.id
                     WHERE m.survivor_id = mailbox_migration.id),
       version = version + 1
 WHERE id IN (SELECT survivor_id FROM v3_member);

UPDATE mailbox_migration
   SET status = 'QUEUED',
       status_message = 'Queued again: merged with the migrations of its case variants',
       queued_at = updated_at,
       run_started_at = NULL,
       finished_at = NULL
 WHERE id IN (SELECT m.survivor_id FROM v3_member m
                JOIN mailbox_migration v ON v.id = m.id
               WHERE v.status IN ('QUEUED', 'WAITING', 'RUNNING'));

DELETE FROM mailbox_migration WHERE id IN (SELECT id FROM v3_member WHERE id <> survivor_id);

UPDATE mailbox_migration SET email = LOWER(email) WHERE email <> LOWER(email);

-- With the address unique already, this makes it unique in its normalised (lower-case) form.
ALTER TABLE mailbox_migration ADD CONSTRAINT mailbox_migration_email_lower
  CHECK (email = LOWER(email));

DROP TABLE v3_record;
DROP TABLE v3_checkpoint;
DROP TABLE v3_member;
