package io.mailferry.migration.application.timing;

import io.mailferry.migration.application.port.MailSource;
import io.mailferry.migration.application.port.SourceFolder;
import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;

/** A {@link MailSource} whose calls are timed: LIST and STATUS as list, SELECT as select. */
final class TimedMailSource implements MailSource {

  private final MailSource source;
  private final PhaseTimes times;

  TimedMailSource(MailSource source, PhaseTimes times) {
    this.source = source;
    this.times = times;
  }

  @Override
  public void countsAndBytesAhead() throws MessagingException {
    source.countsAndBytesAhead();
  }

  @Override
  public List<ListedFolder> listFolders() throws MessagingException {
    long t0 = times.start();
    try {
      return source.listFolders();
    } finally {
      times.add(Phase.LIST, Side.SOURCE, t0);
    }
  }

  @Override
  public Map<String, io.mailferry.migration.application.port.FolderSize> countsAndBytes(
      List<String> folders) throws MessagingException {
    long t0 = times.start();
    try {
      return source.countsAndBytes(folders);
    } finally {
      times.add(Phase.LIST, Side.SOURCE, t0);
    }
  }

  @Override
  public SourceFolder open(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    long t0 = times.start();
    try {
      return new TimedSourceFolder(source.open(fullName, listAfterUid, listMax), times);
    } finally {
      times.add(Phase.SELECT, Side.SOURCE, t0);
    }
  }

  @Override
  public boolean openAhead(String fullName, long listAfterUid, int listMax)
      throws MessagingException {
    long t0 = times.start();
    try {
      return source.openAhead(fullName, listAfterUid, listMax);
    } finally {
      times.add(Phase.SELECT, Side.SOURCE, t0);
    }
  }

  @Override
  public void close() {
    long t0 = times.start();
    try {
      source.close();
    } finally {
      times.add(Phase.CONNECT, Side.SOURCE, t0);
    }
  }
}
