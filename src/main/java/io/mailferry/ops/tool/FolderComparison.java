package io.mailferry.ops.tool;

/** One folder on both sides, as compare found it; "toCopy" is what a migration would add. */
public record FolderComparison(
    String source,
    String destination,
    long sourceMessages,
    long sourceBytes,
    long destinationMessages,
    long destinationBytes,
    boolean destinationExists,
    long toCopy,
    String note) {}
