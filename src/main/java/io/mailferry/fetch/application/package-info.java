/**
 * The POP3 fetch use cases: create, list, run again, repeat ({@link
 * io.mailferry.fetch.application.Pop3Fetches}); one run under the load gate and the mailbox slots
 * ({@link io.mailferry.fetch.application.Pop3FetchRunner}); the run's logic over three ports
 * ({@link io.mailferry.fetch.application.Pop3FetchPass}), which unit tests drive with fakes; the
 * scheduler that starts queued, waiting and due fetches. No POP3 or IMAP protocol code here: the
 * adapters live in {@code source.pop3} and {@code destination.imap}.
 */
package io.mailferry.fetch.application;
