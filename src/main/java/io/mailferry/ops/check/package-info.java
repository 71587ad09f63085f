/**
 * Checking a server before migrating: can Mailferry reach it as configured (TLS, certificate,
 * capabilities, hierarchy), and with a login, what a mailbox holds and how long it would take.
 * Reads only (EXAMINE, FETCH RFC822.SIZE); changes nothing on either server; never logs passwords.
 */
package io.mailferry.ops.check;
