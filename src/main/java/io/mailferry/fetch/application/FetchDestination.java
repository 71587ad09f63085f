package io.mailferry.fetch.application;

import io.mailferry.destination.imap.AppendOutcome;
import io.mailferry.destination.imap.OutgoingMessage;
import io.mailferry.migration.domain.Fingerprint;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;

/** The destination folder a fetch appends to, the port over the IMAP destination adapter. */
public interface FetchDestination extends AutoCloseable {

  /** The folder's UIDNEXT: messages appended from now on get this UID or higher. */
  long uidNext() throws MessagingException;

  /** The fingerprints of the folder's messages with UIDs from {@code uid} on. */
  Map<Fingerprint, Long> fingerprintsFrom(long uid) throws MessagingException;

  List<AppendOutcome> append(List<OutgoingMessage> messages) throws MessagingException;

  @Override
  void close();
}
