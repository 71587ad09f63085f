/**
 * Uploaded mail archives read safely: mbox files (one per folder, alone or in a zip or tar) and
 * Maildir++ or Maildir {@code fs} trees in a zip or tar(.gz). An archive is checked and unpacked
 * once, into a spool directory whose file names Mailferry chooses (never the archive's), with a
 * manifest of folders, dates, flags and fingerprints. No IMAP, no database, no container here.
 */
package io.mailferry.restore.archive;
