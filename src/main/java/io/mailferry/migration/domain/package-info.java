/**
 * The migration's model: mail domains with their source server settings, mailbox migrations with
 * their status, batches of mailboxes (the CSV they come from, its waves), per-folder checkpoints,
 * the durable record of every migrated message, and the value types that name mail identities
 * (UIDs, UIDVALIDITY, folder paths, fingerprints). There is no IMAP, batch or user interface code
 * here.
 */
package io.mailferry.migration.domain;
