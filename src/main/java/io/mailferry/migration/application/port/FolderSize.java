package io.mailferry.migration.application.port;

/** How many messages a source folder holds, and their octets. */
public record FolderSize(long messages, long bytes) {}
