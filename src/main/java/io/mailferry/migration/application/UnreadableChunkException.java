package io.mailferry.migration.application;

import io.mailferry.imap.MessageRef;
import io.mailferry.migration.application.ChunkLedger.NewError;
import io.mailferry.migration.domain.MessageErrorKind;
import java.util.List;

/**
 * The source server refused to serve a whole chunk: it answered the FETCH of the chunk's contents
 * with NO. Only that chunk is lost, not the mailbox: the job skips it (a skippable exception of the
 * job's chunk step), its messages are recorded as not served, the gap pass at the folder's end and
 * the next resync ask for them again, and the mailbox ends "Incomplete" while any is missing. It
 * does not stop the mailbox: the copy passes it on unchanged to the batch reader.
 */
public class UnreadableChunkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String folder;
  private final Long uidValidity;
  private final transient List<MessageRef> messages;
  private final String serverAnswer;

  public UnreadableChunkException(
      String folder, Long uidValidity, List<MessageRef> messages, String serverAnswer) {
    super(
        "the source server refused to serve "
            + messages.size()
            + " messages of "
            + folder
            + ": "
            + serverAnswer);
    this.folder = folder;
    this.uidValidity = uidValidity;
    this.messages = List.copyOf(messages);
    this.serverAnswer = serverAnswer;
  }

  /** The source folder's full name. */
  public String folder() {
    return folder;
  }

  public Long uidValidity() {
    return uidValidity;
  }

  /**
   * One error per message of the chunk, each to be tried again (UNREADABLE); none once the
   * exception has been serialized (the messages are not).
   */
  public List<NewError> errors() {
    if (messages == null) {
      return List.of();
    }
    String reason = "the source server refused to serve the message's chunk: " + serverAnswer;
    return messages.stream()
        .map(
            ref ->
                new NewError(
                    ref.uid().value(),
                    ref.messageId(),
                    ref.subject(),
                    ref.size(),
                    reason,
                    MessageErrorKind.UNREADABLE))
        .toList();
  }
}
