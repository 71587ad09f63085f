package io.mailferry.migration.application;

import io.mailferry.imap.MessageRef;
import io.mailferry.source.imap.OpenSourceFolder;
import java.util.List;

/** How many of the listed messages one chunk takes: the memory a mailbox's copy may hold. */
final class ChunkBudget {

  /**
   * Message bytes a chunk may hold in memory. Up to three chunks of a mailbox are in memory at once
   * (being read, appended and recorded), and up to six mailboxes copy at once.
   */
  static final long CHUNK_MEMORY = 8L * 1024 * 1024;

  /**
   * Message bytes a chunk may hold in all, spooled ones included: a mailbox of large messages is
   * read and appended a few at a time, so that reading the next overlaps appending these.
   */
  static final long CHUNK_BYTES = 32L * 1024 * 1024;

  private ChunkBudget() {}

  /**
   * The first of these messages that fit a chunk (at least one): at most {@link #CHUNK_MEMORY} held
   * in memory, so that messages just under the streaming threshold cannot fill the heap, and at
   * most {@link #CHUNK_BYTES} in all.
   */
  static List<MessageRef> first(List<MessageRef> refs) {
    long inMemory = 0;
    long total = 0;
    for (int i = 0; i < refs.size(); i++) {
      long size = refs.get(i).size();
      if (size <= OpenSourceFolder.STREAM_THRESHOLD) {
        inMemory += size;
      }
      total += size;
      if (i > 0 && (inMemory > CHUNK_MEMORY || total > CHUNK_BYTES)) {
        return refs.subList(0, i);
      }
    }
    return refs;
  }
}
