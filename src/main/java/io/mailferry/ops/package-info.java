/**
 * Keeping the servers healthy while mailboxes copy: the load gate that holds mailboxes back while
 * the machine is busy, the slots that cap how many copy at once, the health checks, and the usage
 * metrics sampled on the gate's scheduler and kept for a week. Sub-packages: {@code check} (a
 * domain's connection check) and {@code tool} (the single-user IMAP tool).
 */
package io.mailferry.ops;
