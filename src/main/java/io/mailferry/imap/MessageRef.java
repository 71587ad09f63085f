package io.mailferry.imap;

import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Flags;
import java.time.Instant;

/**
 * What is known of one message before its body is read: enough to decide whether to copy it and to
 * recognise it on the other server.
 */
public record MessageRef(
    Uid uid,
    Flags flags,
    Instant internalDate,
    long size,
    String messageId,
    String subject,
    Fingerprint fingerprint) {}
