package io.mailferry.restore.archive;

import io.mailferry.migration.domain.Fingerprint;
import java.time.Instant;

/**
 * One message unpacked into the spool.
 *
 * @param file the spool file's name (Mailferry's, never the archive's)
 * @param date the INTERNALDATE to give it: the Maildir file's time, the mbox {@code From } line's
 * @param flags an IMAP flag list without parentheses, e.g. {@code \Seen $Forwarded}
 * @param size octets with CRLF line ends
 */
public record ArchiveMessage(
    String file, Instant date, String flags, long size, Fingerprint fingerprint) {}
