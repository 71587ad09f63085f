package io.mailferry.migration.application.timing;

import io.mailferry.imap.MessageContent;
import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** An open source folder whose reads are timed: bodies as fetch, the rest as scan. */
final class TimedSourceFolder implements SourceFolder {

  private final SourceFolder folder;
  private final PhaseTimes times;

  TimedSourceFolder(SourceFolder folder, PhaseTimes times) {
    this.folder = folder;
    this.times = times;
  }

  @Override
  public UidValidity uidValidity() {
    return folder.uidValidity();
  }

  @Override
  public io.mailferry.migration.application.port.FolderSize countAndBytes()
      throws MessagingException {
    long t0 = times.start();
    try {
      return folder.countAndBytes();
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public int readableAtOnce(List<MessageRef> refs) {
    return folder.readableAtOnce(refs);
  }

  @Override
  public boolean listedWhole() {
    return folder.listedWhole();
  }

  @Override
  public List<MessageRef> nextMessages(long afterUid, int max) throws MessagingException {
    long t0 = times.start();
    try {
      return folder.nextMessages(afterUid, max);
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public Map<Uid, MessageContent> fetchContents(List<MessageRef> refs, Path spoolDirectory)
      throws MessagingException, IOException {
    long t0 = times.start();
    try {
      return folder.fetchContents(refs, spoolDirectory);
    } finally {
      times.add(Phase.FETCH, Side.SOURCE, t0);
    }
  }

  @Override
  public Map<Uid, MessageContent> fetchContents(
      List<MessageRef> refs, Path spoolDirectory, Runnable behind)
      throws MessagingException, IOException {
    long t0 = times.start();
    try {
      return folder.fetchContents(refs, spoolDirectory, behind);
    } finally {
      times.add(Phase.FETCH, Side.SOURCE, t0);
    }
  }

  @Override
  public MessageContent fetchGrowing(
      MessageRef ref, Path spoolDirectory, Consumer<MessageContent> started, Runnable behind)
      throws MessagingException, IOException {
    long t0 = times.start();
    try {
      return folder.fetchGrowing(ref, spoolDirectory, started, behind);
    } finally {
      times.add(Phase.FETCH, Side.SOURCE, t0);
    }
  }

  @Override
  public void listAhead(long afterUid, int max) throws MessagingException {
    long t0 = times.start();
    try {
      folder.listAhead(afterUid, max);
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public void fetchAhead(List<MessageRef> refs) throws MessagingException {
    long t0 = times.start();
    try {
      folder.fetchAhead(refs);
    } finally {
      times.add(Phase.FETCH, Side.SOURCE, t0);
    }
  }

  @Override
  public List<Uid> allUids() throws MessagingException {
    long t0 = times.start();
    try {
      return folder.allUids();
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public List<MessageRef> messages(List<Uid> uids) throws MessagingException {
    long t0 = times.start();
    try {
      return folder.messages(uids);
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public Set<Uid> present(List<Uid> uids) throws MessagingException {
    long t0 = times.start();
    try {
      return folder.present(uids);
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public Map<Uid, Flags> flagsUpTo(long lastUid, Long sinceModseq) throws MessagingException {
    long t0 = times.start();
    try {
      return folder.flagsUpTo(lastUid, sinceModseq);
    } finally {
      times.add(Phase.SCAN, Side.SOURCE, t0);
    }
  }

  @Override
  public Long highestModseq() {
    return folder.highestModseq();
  }

  @Override
  public void close() {
    long t0 = times.start();
    try {
      folder.close();
    } finally {
      times.add(Phase.SELECT, Side.SOURCE, t0);
    }
  }
}
