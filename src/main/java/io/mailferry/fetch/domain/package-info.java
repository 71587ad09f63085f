/**
 * POP3 fetch settings ({@link io.mailferry.fetch.domain.Pop3Fetch}), the ledger of what was fetched
 * ({@link io.mailferry.fetch.domain.FetchedMessage}) and value types: how a POP3 message is named
 * across sessions ({@link io.mailferry.fetch.domain.MessageKey}) and the date it is filed under
 * ({@link io.mailferry.fetch.domain.ArrivalDate}). No POP3, IMAP, batch or UI code.
 */
package io.mailferry.fetch.domain;
