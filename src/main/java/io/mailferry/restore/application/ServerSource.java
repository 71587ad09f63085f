package io.mailferry.restore.application;

import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.imap.FlagList;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.Uid;
import io.mailferry.source.imap.ImapSource;
import io.mailferry.source.imap.OpenSourceFolder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The old server, read with the engine's source adapter ({@link ImapSource}: EXAMINE, batched UID
 * FETCH, large messages streamed to the spool): nothing on it changes.
 */
final class ServerSource implements RestoreSource {

  private static final int WINDOW = 1000;

  private final ImapSource source;
  private String openName;
  private OpenSourceFolder open;
  private final Map<Long, MessageRef> refs = new HashMap<>();

  ServerSource(ImapSource source) {
    this.source = source;
  }

  @Override
  public List<ListedFolder> folders() throws MessagingException {
    return source.listFolders();
  }

  private OpenSourceFolder open(String folder) throws MessagingException {
    if (!folder.equals(openName)) {
      closeFolder();
      open = source.open(folder);
      openName = folder;
      refs.clear();
    }
    return open;
  }

  @Override
  public List<SourceItem> items(String folder) throws MessagingException {
    OpenSourceFolder opened = open(folder);
    List<SourceItem> items = new ArrayList<>();
    long after = 0;
    while (true) {
      List<MessageRef> next = opened.nextMessages(after, WINDOW);
      if (next.isEmpty()) {
        return items;
      }
      for (MessageRef ref : next) {
        refs.put(ref.uid().value(), ref);
        items.add(
            new SourceItem(ref.uid().value(), ref.fingerprint(), ref.size(), "UID " + ref.uid()));
        after = ref.uid().value();
      }
    }
  }

  @Override
  public Map<Long, OutgoingMessage> read(String folder, List<SourceItem> items, Path spool)
      throws MessagingException, IOException {
    OpenSourceFolder opened = open(folder);
    List<MessageRef> wanted = new ArrayList<>();
    for (SourceItem item : items) {
      MessageRef ref = refs.get(item.position());
      if (ref != null) {
        wanted.add(ref);
      }
    }
    Map<Uid, MessageContent> contents = opened.fetchContents(wanted, spool);
    Map<Long, OutgoingMessage> result = new HashMap<>();
    for (MessageRef ref : wanted) {
      MessageContent content = contents.get(ref.uid());
      if (content != null) {
        result.put(
            ref.uid().value(),
            new OutgoingMessage(
                content,
                FlagList.forAppend(ref.flags(), true),
                ref.internalDate(),
                ref.fingerprint()));
      }
    }
    return result;
  }

  private void closeFolder() {
    if (open != null) {
      open.close();
      open = null;
      openName = null;
    }
  }

  @Override
  public void close() {
    closeFolder();
    source.close();
  }
}
