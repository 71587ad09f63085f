/**
 * The POP3 fetch tool: every message of a POP3 account appended to a destination mailbox folder,
 * once. {@code domain} holds the fetch settings and the ledger of fetched messages, {@code
 * application} the run (a coordinator over the {@code Pop3Mailbox}, {@code FetchDestination} and
 * {@code FetchLedger} ports) and its scheduling, {@code batch} the thin Jakarta Batch job.
 */
package io.mailferry.fetch;
