package io.mailferry.restore.application;

import io.mailferry.destination.imap.OutgoingMessage;
import java.util.List;
import java.util.Map;

/**
 * One chunk of one folder: the messages to append (those the destination lacks) and what was found
 * there already.
 *
 * @param doneThrough the checkpoint once the chunk is recorded
 * @param last whether the folder is done after it
 */
public record RestoreChunk(
    long folderId,
    String folder,
    String destinationName,
    List<SourceItem> toAppend,
    Map<Long, OutgoingMessage> messages,
    long present,
    long doneThrough,
    boolean last) {}
