package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;

/** What the copy of one mailbox knows of a folder between chunks; committed values only. */
final class FolderState {
  final long checkpointId;
  final String sourceName;
  final String destinationName;
  final String displayName;
  final boolean selectable;
  final boolean subscribed;
  Long uidValidity;
  long lastUid;
  Long destUidValidity;
  Long destUidNext;
  Long highestModseq;
  final boolean completedBefore;

  FolderState(
      FolderCheckpoint checkpoint, String displayName, boolean selectable, boolean subscribed) {
    this.checkpointId = checkpoint.getId();
    this.sourceName = checkpoint.getSourceName();
    this.destinationName = checkpoint.getDestinationName();
    this.displayName = displayName;
    this.selectable = selectable;
    this.subscribed = subscribed;
    this.uidValidity = checkpoint.getUidValidity();
    this.lastUid = checkpoint.getLastUid();
    this.destUidValidity = checkpoint.getDestUidValidity();
    this.destUidNext = checkpoint.getDestUidNext();
    this.highestModseq = checkpoint.getHighestModseq();
    this.completedBefore = checkpoint.isCompleted();
  }

  /** A selectable folder not copied before, with the destination mark it has (for tests). */
  FolderState(long checkpointId, String name, Long destUidValidity, Long destUidNext) {
    this.checkpointId = checkpointId;
    this.sourceName = name;
    this.destinationName = name;
    this.displayName = name;
    this.selectable = true;
    this.subscribed = true;
    this.destUidValidity = destUidValidity;
    this.destUidNext = destUidNext;
    this.completedBefore = false;
  }
}
