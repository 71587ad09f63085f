package io.mailferry.migration.application.port;

/**
 * A destination folder's UIDVALIDITY and UIDNEXT (RFC 3501 2.3.1.1): where the next message
 * appended to it will be numbered.
 */
public record FolderStatus(long uidValidity, long uidNext) {}
