/**
 * The source adapter for IMAP: one connection per mailbox, EXAMINE and BODY.PEEK only, metadata in
 * UID windows, bodies in size-bounded batches, large messages spooled to disk in pieces.
 */
package io.mailferry.source.imap;
