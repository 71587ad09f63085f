/**
 * The single-user IMAP tool, for troubleshooting one mailbox: compare (a dry run that reads both
 * servers and changes nothing) and migrate (the mailbox queued through the ordinary engine, gate
 * and ceiling), each with a live log of what the servers said. Passwords never reach the log.
 */
package io.mailferry.ops.tool;
