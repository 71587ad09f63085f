/**
 * Keeping the servers healthy while mailboxes copy: the load gate that holds mailboxes back while
 * the machine is busy, the slots that cap how many copy at once, and the health checks.
 */
package io.mailferry.ops;
