/**
 * Where a mailbox's copy spends its time: decorators around the engine's ports ({@code MailSource},
 * {@code SourceFolder}, {@code MailDestination}) and the database record, adding up per mailbox by
 * phase (connect, list, select, scan, fetch, append, check, record) and by side (waiting on the
 * source, the destination, the database). Only measures: nothing here changes what is copied.
 */
package io.mailferry.migration.application.timing;
