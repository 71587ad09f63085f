package io.mailferry.restore.application;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a restoration reads: an unpacked archive or another IMAP server. */
interface RestoreSource extends AutoCloseable {

  List<ListedFolder> folders() throws MessagingException;

  /** Every message of the folder in restore order (ascending position). */
  List<SourceItem> items(String folder) throws MessagingException, IOException;

  /** The messages ready to append, by position; one missing from the answer is gone. */
  Map<Long, OutgoingMessage> read(String folder, List<SourceItem> items, Path spool)
      throws MessagingException, IOException;

  @Override
  void close();
}
