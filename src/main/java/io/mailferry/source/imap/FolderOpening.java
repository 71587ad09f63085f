package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.imap.RawImap;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;

/**
 * Opening a source folder: EXAMINE and the folder's first listing written together, so that a
 * distant server answers both in one round trip; or written ahead, while the folder before is still
 * being read, and their answers read when the folder is opened.
 */
final class FolderOpening {

  private FolderOpening() {}

  /**
   * EXAMINEs the folder and, in the same round trip, lists up to {@code listMax} messages after
   * {@code listAfterUid}: what {@link OpenSourceFolder#nextMessages} asked for those answers then.
   * Where the same was sent ahead ({@link #sendAhead}), its answers are read instead.
   */
  static OpenSourceFolder examine(
      SourceSession session, String fullName, long listAfterUid, int listMax, FolderSize planned)
      throws MessagingException {
    OpeningAnswers sentAhead = session.takeOpenAhead(fullName, listAfterUid, listMax);
    OpenSourceFolder[] opened = {null};
    session.select(null);
    IMAPFolder.ProtocolCommand open =
        protocol -> {
          OpeningAnswers answers = sentAhead;
          if (answers == null) {
            List<String> commands =
                openingCommands(protocol, fullName, listAfterUid, listMax, planned);
            if (commands == null) {
              opened[0] =
                  new OpenSourceFolder(
                      session, fullName, protocol.examine(fullName), new PrefetchedBodies());
              return null;
            }
            answers = new OpeningAnswers();
            answers.answered(PipelinedCommands.send(protocol, commands, answers));
          }
          opened[0] = opened(session, protocol, fullName, listAfterUid, listMax, answers);
          return null;
        };
    if (sentAhead != null) {
      // the openings sent after this one stay on their way
      session.unqueued(open);
    } else {
      session.command(open);
    }
    session.select(opened[0]);
    return opened[0];
  }

  private static OpenSourceFolder opened(
      SourceSession session,
      IMAPProtocol protocol,
      String fullName,
      long listAfterUid,
      int listMax,
      OpeningAnswers answers)
      throws ProtocolException {
    Response[] examined = answers.get(0);
    protocol.handleResult(examined[examined.length - 1]);
    OpenSourceFolder folder =
        new OpenSourceFolder(session, fullName, new MailboxInfo(examined), answers.bodies());
    if (answers.size() > 1) {
      folder.takeFirstListing(
          listAfterUid, listMax, lastListed(listAfterUid, listMax), examined, answers.get(1));
    }
    return folder;
  }

  /**
   * Sends what {@link #examine} sends, without waiting for the answers: the folder is opened next,
   * after those sent ahead before it. The folder selected now is no longer read from then on. True
   * where every message the folder is planned to hold comes with that opening: nothing is asked of
   * it once it is open, so the next folder's opening can be sent behind it.
   */
  static boolean sendAhead(
      SourceSession session, String fullName, long listAfterUid, int listMax, FolderSize planned)
      throws MessagingException {
    boolean sent =
        session.sendOpenAhead(
            fullName,
            listAfterUid,
            listMax,
            protocol -> openingCommands(protocol, fullName, listAfterUid, listMax, planned));
    return sent && PrefetchedBodies.coversFolder(planned, listAfterUid, listMax);
  }

  private static long lastListed(long listAfterUid, int listMax) {
    return Math.min(Uid.MAX, listAfterUid + Math.max(0, listMax));
  }

  /**
   * EXAMINE, the first listing and the first contents ({@link PrefetchedBodies}); null where the
   * EXAMINE cannot be sent without waiting.
   */
  private static List<String> openingCommands(
      IMAPProtocol protocol, String fullName, long listAfterUid, int listMax, FolderSize planned) {
    String examine = examineCommand(protocol, fullName);
    if (examine == null) {
      return null;
    }
    List<String> commands = new ArrayList<>(List.of(examine));
    long first = listAfterUid + 1;
    long last = lastListed(listAfterUid, listMax);
    if (last >= first) {
      commands.add("UID FETCH " + first + ":" + last + " " + RawImap.METADATA_ITEMS);
      String contents = PrefetchedBodies.command(planned, listAfterUid, listMax);
      if (contents != null) {
        commands.add(contents);
      }
    }
    return commands;
  }

  /**
   * EXAMINE with the folder's name as a quoted string; null where the name needs a literal
   * (eight-bit octets under UTF8=ACCEPT), which waits for the server's go-ahead and cannot be sent
   * ahead.
   */
  private static String examineCommand(IMAPProtocol protocol, String fullName) {
    String name = protocol.supportsUtf8() ? fullName : BASE64MailboxEncoder.encode(fullName);
    StringBuilder quoted = new StringBuilder("EXAMINE \"");
    for (char c : name.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }
}
