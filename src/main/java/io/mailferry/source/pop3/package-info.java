/**
 * The source adapter for POP3 (RFC 1939) through Angus Mail's provider: POP3S (RFC 8314) or STLS
 * (RFC 2595), LIST, UIDL, TOP, RETR, and DELE only after the caller says so. Timeouts on every
 * connection; the password never logged.
 */
package io.mailferry.source.pop3;
