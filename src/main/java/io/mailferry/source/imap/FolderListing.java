package io.mailferry.source.imap;

import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.application.port.FolderSize;
import io.mailferry.migration.domain.FolderPath;
import io.mailferry.migration.domain.ListedFolder;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * A source account's folders as LSUB and LIST found them, asked together, and where asked for, each
 * folder's message count and octets from the LIST that counts them (LIST-STATUS, RFC 5819, with
 * STATUS=SIZE, RFC 8438): one round trip for all.
 */
final class FolderListing {

  /** The LIST that counts each folder's messages and octets. */
  static final String LIST_WITH_SIZES = "LIST \"\" \"*\" RETURN (STATUS (MESSAGES SIZE))";

  private final Set<String> subscribed = new HashSet<>();
  private final Map<String, ListInfo> listed = new LinkedHashMap<>();
  private final Map<String, FolderSize> sizes = new HashMap<>();
  private boolean counted;
  private boolean countRefused;

  private FolderListing() {}

  /** Commands sent in the same go before the listing's, and what is done with their answers. */
  interface Prelude {
    List<String> commands();

    /**
     * Takes the answers: their statuses, and every untagged answer of the go (the listing's too).
     */
    void answered(IMAPProtocol protocol, Response[] statuses, List<IMAPResponse> answers)
        throws ProtocolException;
  }

  /**
   * Lists the folders and, with {@code counting}, counts them in the same go, after the prelude's
   * commands.
   */
  static FolderListing read(SourceSession session, boolean counting, Prelude prelude)
      throws MessagingException {
    FolderListing listing = new FolderListing();
    session.command(
        protocol -> {
          List<IMAPResponse> answers = new ArrayList<>();
          Response[] all = PipelinedCommands.send(protocol, commands(counting, prelude), answers);
          listing.answered(protocol, counting, prelude, all, answers);
          return null;
        });
    return listing;
  }

  /** A listing written ahead ({@link #sendAhead}), its answers read by {@link #takeAhead}. */
  record Ahead(boolean counting, Prelude prelude) {}

  /**
   * Writes what {@link #read} writes without reading the answers: a distant server answers while
   * Mailferry does something else (the copy that takes a login check's session starts).
   */
  static Ahead sendAhead(SourceSession session, boolean counting, Prelude prelude)
      throws MessagingException {
    session.writeFirst(commands(counting, prelude));
    return new Ahead(counting, prelude);
  }

  /**
   * The listing sent ahead, its answers read now; null where another command came first and dropped
   * them.
   */
  static FolderListing takeAhead(SourceSession session, Ahead ahead) throws MessagingException {
    List<IMAPResponse> answers = new ArrayList<>();
    Response[] all =
        session.takeWrittenFirst(
            (pending, response) -> {
              if (response instanceof IMAPResponse untagged) {
                answers.add(untagged);
              }
            });
    if (all == null) {
      return null;
    }
    FolderListing listing = new FolderListing();
    session.command(
        protocol -> {
          listing.answered(protocol, ahead.counting(), ahead.prelude(), all, answers);
          return null;
        });
    return listing;
  }

  private static List<String> commands(boolean counting, Prelude prelude) {
    List<String> commands = new ArrayList<>(prelude.commands());
    commands.addAll(List.of("LSUB \"\" \"*\"", "LIST \"\" \"*\""));
    if (counting) {
      commands.add(LIST_WITH_SIZES);
    }
    return commands;
  }

  private void answered(
      IMAPProtocol protocol,
      boolean counting,
      Prelude prelude,
      Response[] all,
      List<IMAPResponse> answers)
      throws ProtocolException {
    int first = prelude.commands().size();
    prelude.answered(protocol, Arrays.copyOf(all, first), answers);
    Response[] statuses = Arrays.copyOfRange(all, first, all.length);
    protocol.handleResult(statuses[0]);
    protocol.handleResult(statuses[1]);
    // told apart by what they are, not by when they came: the LIST that counts lists too
    for (IMAPResponse answer : answers) {
      if (answer.keyEquals("LSUB")) {
        subscribed.add(new ListInfo(answer).name);
      } else if (answer.keyEquals("LIST")) {
        ListInfo info = new ListInfo(answer);
        listed.merge(info.name, info, FolderListing::withAttributesOfBoth);
      } else if (answer.keyEquals("STATUS")) {
        sizeOf(new Status(answer), sizes);
      }
    }
    this.counted = counting && statuses[2].isOK();
    this.countRefused = counting && (statuses[2].isNO() || statuses[2].isBAD());
  }

  /** Each folder's count and octets, where this listing counted them (else null). */
  Map<String, FolderSize> sizes() {
    return counted ? sizes : null;
  }

  /** Whether the server refused the LIST that counts (NO or BAD), though it advertises it. */
  boolean countRefused() {
    return countRefused;
  }

  /** Every folder, INBOX included, with the hierarchy given by the server's separator. */
  List<ListedFolder> folders(char separator, String namespacePrefix) {
    Map<String, ListInfo> folders = new LinkedHashMap<>();
    if (listed.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("INBOX"))) {
      folders.put("INBOX", null);
    }
    folders.putAll(listed);
    List<ListedFolder> result = new ArrayList<>();
    for (Map.Entry<String, ListInfo> entry : folders.entrySet()) {
      String fullName = entry.getKey();
      if (fullName.isEmpty()) {
        continue;
      }
      ListInfo info = entry.getValue();
      Set<String> attributes = info == null ? Set.of() : Set.of(distinct(info.attrs));
      boolean selectable =
          attributes.stream()
              .noneMatch(
                  a -> a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent"));
      char folderSeparator = info == null || info.separator == 0 ? separator : info.separator;
      boolean isSubscribed =
          subscribed.contains(fullName) || fullName.toUpperCase(Locale.ROOT).equals("INBOX");
      result.add(
          new ListedFolder(
              fullName,
              FolderPath.parse(fullName, folderSeparator, namespacePrefix),
              attributes,
              selectable,
              isSubscribed));
    }
    return result;
  }

  /**
   * Each folder's count and octets from the LIST that counts them, asked alone; null where the
   * server refuses it (NO or BAD), though it advertises it.
   */
  static Map<String, FolderSize> count(SourceSession session) throws MessagingException {
    Map<String, FolderSize> result = new HashMap<>();
    Object answered =
        session.command(
            protocol -> {
              Response[] responses = protocol.command(LIST_WITH_SIZES, null);
              for (Response response : responses) {
                if (response instanceof IMAPResponse untagged && untagged.keyEquals("STATUS")) {
                  sizeOf(new Status(untagged), result);
                }
              }
              Response status = responses[responses.length - 1];
              if (status.isNO() || status.isBAD()) {
                return null;
              }
              protocol.handleResult(status);
              return result;
            });
    return answered == null ? null : result;
  }

  private static ListInfo withAttributesOfBoth(ListInfo first, ListInfo second) {
    Set<String> both = new LinkedHashSet<>(List.of(distinct(first.attrs)));
    both.addAll(List.of(distinct(second.attrs)));
    first.attrs = both.toArray(new String[0]);
    return first;
  }

  private static String[] distinct(String[] attributes) {
    return attributes == null
        ? new String[0]
        : new LinkedHashSet<>(List.of(attributes)).toArray(new String[0]);
  }

  private static void sizeOf(Status status, Map<String, FolderSize> sizes) {
    Long size = status.getItem("SIZE");
    if (status.total >= 0 && size != null) {
      sizes.put(status.mbox, new FolderSize(status.total, size));
    }
  }
}
