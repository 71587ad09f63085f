package io.mailferry.migration.application.port;

import io.mailferry.testing.ImapMailbox.MessageSnapshot;
import io.mailferry.testing.InMemoryMailServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The in-memory server, through the same ports. */
final class InMemoryServerUnderTest implements ServerUnderTest {

  private final InMemoryMailServer server = new InMemoryMailServer();

  @Override
  public MailSource source() {
    return server;
  }

  @Override
  public MailDestination destination() {
    return server;
  }

  @Override
  public void deliver(String folder, byte[] raw, Set<String> flags, Instant date) {
    server.deliver(folder, raw, flags, date);
  }

  @Override
  public void expunge(String folder, int n) {
    server.expunge(folder, new ArrayList<>(server.messages(folder).keySet()).get(n - 1));
  }

  @Override
  public List<String> subscribed() {
    return server.listFolders().stream()
        .filter(io.mailferry.migration.domain.ListedFolder::subscribed)
        .map(io.mailferry.migration.domain.ListedFolder::fullName)
        .toList();
  }

  @Override
  public List<MessageSnapshot> messages(String folder) throws Exception {
    List<MessageSnapshot> snapshots = new ArrayList<>();
    for (InMemoryMailServer.Stored stored : server.messages(folder).values()) {
      snapshots.add(
          new MessageSnapshot(
              Letters.sha256(stored.raw()),
              stored.raw().length,
              String.join(" ", new TreeSet<>(stored.flags())),
              stored.internalDate()));
    }
    snapshots.sort(null);
    return snapshots;
  }

  @Override
  public void close() {}
}
