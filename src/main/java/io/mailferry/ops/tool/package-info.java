/**
 * The single-user IMAP tool, for troubleshooting one mailbox: compare (a dry run that reads both
 * servers and changes nothing) and migrate (the mailbox queued through the ordinary engine, gate
 * and ceiling), with its stored settings or with servers and logins typed in, which reach the
 * engine through {@link io.mailferry.migration.application.OneOffCopies} for the run only. The log
 * is the protocol trace of both connections ({@link io.mailferry.imap.ProtocolTrace}); passwords
 * never reach it, nor any file or table.
 */
package io.mailferry.ops.tool;
