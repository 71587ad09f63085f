package io.mailferry.migration.application.timing;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.FolderCreationException;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.migration.application.port.MailDestination;
import io.mailferry.migration.application.timing.PhaseTimes.Phase;
import io.mailferry.migration.application.timing.PhaseTimes.Side;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link MailDestination} whose calls are timed: APPEND as append, the rest as check. */
final class TimedMailDestination implements MailDestination {

  private final MailDestination destination;
  private final PhaseTimes times;

  TimedMailDestination(MailDestination destination, PhaseTimes times) {
    this.destination = destination;
    this.times = times;
  }

  @Override
  public String namespacePrefix() {
    return destination.namespacePrefix();
  }

  @Override
  public char separator() {
    return destination.separator();
  }

  @Override
  public List<ListedFolder> listFolders() throws MessagingException {
    long t0 = times.start();
    try {
      return destination.listFolders();
    } finally {
      times.add(Phase.LIST, Side.DESTINATION, t0);
    }
  }

  @Override
  public void ensureFolder(String fullName, boolean holdsMessages, boolean subscribe)
      throws FolderCreationException, MessagingException {
    long t0 = times.start();
    try {
      destination.ensureFolder(fullName, holdsMessages, subscribe);
    } finally {
      times.add(Phase.CHECK, Side.DESTINATION, t0);
    }
  }

  @Override
  public io.mailferry.migration.application.port.FolderStatus status(String fullName)
      throws MessagingException {
    long t0 = times.start();
    try {
      return destination.status(fullName);
    } finally {
      times.add(Phase.CHECK, Side.DESTINATION, t0);
    }
  }

  @Override
  public List<AppendOutcome> append(String fullName, List<OutgoingMessage> messages)
      throws MessagingException {
    long t0 = times.start();
    try {
      return destination.append(fullName, messages);
    } finally {
      times.add(Phase.APPEND, Side.DESTINATION, t0);
    }
  }

  @Override
  public Map<Fingerprint, List<Long>> messagesFrom(String fullName, long fromUid)
      throws MessagingException {
    long t0 = times.start();
    try {
      return destination.messagesFrom(fullName, fromUid);
    } finally {
      times.add(Phase.CHECK, Side.DESTINATION, t0);
    }
  }

  @Override
  public Set<Long> uids(String fullName) throws MessagingException {
    long t0 = times.start();
    try {
      return destination.uids(fullName);
    } finally {
      times.add(Phase.CHECK, Side.DESTINATION, t0);
    }
  }

  @Override
  public void changeFlags(String fullName, List<FlagChange> changes) throws MessagingException {
    long t0 = times.start();
    try {
      destination.changeFlags(fullName, changes);
    } finally {
      times.add(Phase.CHECK, Side.DESTINATION, t0);
    }
  }

  @Override
  public void close() {
    long t0 = times.start();
    try {
      destination.close();
    } finally {
      times.add(Phase.CONNECT, Side.DESTINATION, t0);
    }
  }
}
