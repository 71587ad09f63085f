package io.mailferry.migration.domain;

/**
 * One source folder and where it goes.
 *
 * @param position copy order: INBOX first, then Sent and Drafts, then the rest
 * @param specialUse the role it plays on the destination, or null
 */
public record PlannedFolder(
    String sourceName,
    FolderPath sourcePath,
    String destinationName,
    FolderPath destinationPath,
    int position,
    boolean selectable,
    boolean subscribed,
    SpecialUse specialUse) {}
