/**
 * The migration's use cases: queueing and resyncing mailboxes, starting job executions, and the
 * copy of one mailbox from checkpoint to completion. Batch artifacts, REST resources and pages call
 * these services; the services know nothing of HTTP or JSF.
 */
package io.mailferry.migration.application;
