/**
 * The Jakarta Batch job {@code pop3-fetch}: one batchlet that hands the fetch to {@link
 * io.mailferry.fetch.application.Pop3FetchRunner}. It keeps no checkpoint of its own: the ledger of
 * fetched messages in the database is the truth, committed message by message.
 */
package io.mailferry.fetch.batch;
