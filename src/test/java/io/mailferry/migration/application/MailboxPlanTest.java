package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.PlannedFolder;
import io.mailferry.testing.InMemoryMailServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The folders a copy goes through, in order, each with its checkpoint and counted size. */
class MailboxPlanTest {

  private final InMemoryMailServer source = new InMemoryMailServer();
  private final InMemoryMailServer destination = new InMemoryMailServer();
  private final Map<String, FolderSize> saved = new java.util.HashMap<>();

  private List<FolderCheckpoint> save(List<PlannedFolder> plan, Map<String, FolderSize> totals)
      throws ReflectiveOperationException {
    saved.putAll(totals);
    List<FolderCheckpoint> checkpoints = new ArrayList<>();
    var id = FolderCheckpoint.class.getDeclaredField("id");
    id.setAccessible(true);
    long next = 100;
    for (PlannedFolder p : plan) {
      FolderCheckpoint checkpoint =
          new FolderCheckpoint(null, p.sourceName(), p.destinationName(), p.position());
      id.set(checkpoint, next++);
      checkpoints.add(checkpoint);
    }
    // the ledger gives them back in its own order
    java.util.Collections.reverse(checkpoints);
    return checkpoints;
  }

  private List<FolderCheckpoint> saved(List<PlannedFolder> plan, Map<String, FolderSize> totals) {
    try {
      return save(plan, totals);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everySourceFolderIsPlannedInSourceOrderWithItsCountsAndEachMappingIsTold() throws Exception {
    EngineFixtures.deliver(source, "INBOX", 3);
    EngineFixtures.deliver(source, "Archive/2020", 2);
    List<String> notes = new ArrayList<>();

    List<FolderState> folders =
        MailboxPlan.of(
            MailboxPlan.sourceFolders(source),
            source,
            destination,
            destination.listFolders(),
            FolderRules.none(),
            this::saved,
            notes::add);

    assertThat(folders).extracting(f -> f.sourceName).containsExactly("INBOX", "Archive/2020");
    assertThat(saved.get("INBOX").messages()).isEqualTo(3);
    assertThat(saved.get("Archive/2020").messages()).isEqualTo(2);
    assertThat(notes).contains("Folder \"Archive/2020\" maps to \"Archive/2020\"");
    assertThat(folders).allSatisfy(f -> assertThat(f.checkpointId).isGreaterThanOrEqualTo(100));
  }

  @Test
  void theFolderCopiedFirstIsKnownFromTheSourceAloneAndIsThePlansFirst() throws Exception {
    EngineFixtures.deliver(source, "Archive/2020", 2);
    EngineFixtures.deliver(source, "INBOX", 1);
    List<ListedFolder> listed = MailboxPlan.sourceFolders(source);

    List<FolderState> folders =
        MailboxPlan.of(
            listed,
            source,
            destination,
            destination.listFolders(),
            FolderRules.none(),
            this::saved,
            note -> {});

    assertThat(MailboxPlan.firstFolder(listed)).contains(folders.get(0).sourceName);
    ListedFolder inbox =
        listed.stream().filter(f -> f.fullName().equals("INBOX")).findFirst().orElseThrow();
    ListedFolder unselectable =
        new ListedFolder("INBOX", inbox.path(), java.util.Set.of("\\Noselect"), false, true);
    assertThat(MailboxPlan.firstFolder(List.of(unselectable))).isEmpty();
  }
}
