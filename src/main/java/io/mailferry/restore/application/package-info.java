/**
 * Data restoration's use cases: accept an archive upload (streamed to a private spool, checked and
 * unpacked) or a server-to-server move (the account carried over with its password hash), queue it
 * under the load gate and the mailbox slots, and restore it chunk by chunk, appending only what the
 * destination does not hold. Batch artifacts, REST resources and pages call these services; nothing
 * here knows HTTP or JSF.
 */
package io.mailferry.restore.application;
