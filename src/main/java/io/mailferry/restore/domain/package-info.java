/**
 * Data restoration's domain: a {@link io.mailferry.restore.domain.Restoration} of one mailbox (from
 * an archive or another server), its folders' counts and the messages the destination refused. JPA
 * entities and value types only; no IMAP, no HTTP.
 */
package io.mailferry.restore.domain;
