package io.mailferry.destination.imap;

import io.mailferry.imap.MessageContent;
import io.mailferry.migration.domain.Fingerprint;
import java.time.Instant;

/**
 * A message ready to APPEND.
 *
 * @param flags the flag list without parentheses, e.g. {@code \Seen $Forwarded}
 */
public record OutgoingMessage(
    MessageContent content, String flags, Instant internalDate, Fingerprint fingerprint) {}
