package io.mailferry.migration.application;

/**
 * Fired where mailboxes were put in the queue; once the transaction commits, the dispatcher starts
 * them at once instead of at its next round.
 */
public record MailboxesQueued() {}
