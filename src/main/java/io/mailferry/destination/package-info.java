/**
 * Writing to the new mail server: {@code destination.imap} creates folders and appends messages
 * with their flags and INTERNALDATE (MULTIAPPEND where offered), and recognises messages already
 * there; {@code destination.provisioning} creates the accounts.
 */
package io.mailferry.destination;
