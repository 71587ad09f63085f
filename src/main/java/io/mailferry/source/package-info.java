/**
 * Reading the old mail server. {@code source.imap} lists a mailbox's folders and streams its
 * messages in UID order, never changing anything on the server (EXAMINE and BODY.PEEK only).
 */
package io.mailferry.source;
