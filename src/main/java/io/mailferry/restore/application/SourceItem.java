package io.mailferry.restore.application;

import io.mailferry.migration.domain.Fingerprint;

/**
 * A message of a restoration's source before its body is read.
 *
 * @param position its place in the folder: the archive position (1-based) or the source UID
 * @param label how a person finds it: the archive file or "UID n"
 */
public record SourceItem(long position, Fingerprint fingerprint, long size, String label) {}
