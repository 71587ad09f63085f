/**
 * What the source and destination adapters share about talking IMAP: server endpoints, transport
 * security, the one place where mail-session properties and timeouts are set, and the
 * classification of failures into "retry", "stop the mailbox" and "skip the message". No migration
 * logic here.
 */
package io.mailferry.imap;
