package io.mailferry.ops.tool;

import io.mailferry.imap.MailSessions;
import io.mailferry.imap.NamespacePrefix;
import io.mailferry.imap.ProtocolTrace;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.FolderPath;
import io.mailferry.migration.domain.FolderPlanner;
import io.mailferry.migration.domain.FolderRules;
import io.mailferry.migration.domain.ListedFolder;
import io.mailferry.migration.domain.PlannedFolder;
import io.mailferry.ops.check.ImapProbe;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compare: both servers read with EXAMINE and FETCH RFC822.SIZE only, the folders mapped as a
 * migration would map them, per folder what each side holds and what a migration would add. The
 * conversation with both servers is in the log ({@link ProtocolTrace}: no password), but for the
 * per-message FETCH answers, which are counted instead.
 */
final class ImapCompare {

  private static final Pattern FETCH_LINE = Pattern.compile(" S: \\* \\d+ FETCH \\(");

  /** A server, the login on it and the password (never logged). */
  record Target(String role, ServerEndpoint endpoint, String login, String password) {}

  private final ToolRun run;
  private final Duration connect;
  private final Duration read;

  ImapCompare(ToolRun run, Duration connect, Duration read) {
    this.run = run;
    this.connect = connect;
    this.read = read;
  }

  void compare(Target source, Target destination, FolderRules rules) throws MessagingException {
    probe(source);
    probe(destination);
    try (Store from = connect(source);
        Store to = connect(destination)) {
      List<ListedFolder> sourceFolders = list(from, source.role());
      List<ListedFolder> destinationFolders = list(to, destination.role());
      char separator = to.getDefaultFolder().getSeparator();
      String prefix = prefix(to, separator);
      List<PlannedFolder> plan =
          FolderPlanner.plan(sourceFolders, separator, prefix, destinationFolders, rules);
      Set<String> existing = new HashSet<>();
      destinationFolders.forEach(f -> existing.add(f.fullName()));
      long total = 0;
      for (PlannedFolder folder : plan) {
        run.log(
            "Folder \""
                + folder.sourceName()
                + "\" maps to \""
                + folder.destinationName()
                + "\""
                + (folder.selectable() ? "" : " (no messages: \\Noselect)"));
        if (!folder.selectable()) {
          continue;
        }
        long[] left = measure(from, folder.sourceName(), source.role());
        boolean exists = existing.contains(folder.destinationName());
        long[] right =
            exists ? measure(to, folder.destinationName(), destination.role()) : new long[2];
        long toCopy = Math.max(0, left[0] - right[0]);
        String note =
            !exists
                ? "would be created"
                : right[0] > left[0]
                    ? "the destination holds " + (right[0] - left[0]) + " more"
                    : left[0] == right[0] ? "same count" : "";
        total += toCopy;
        run.folder(
            new FolderComparison(
                folder.sourceName(),
                folder.destinationName(),
                left[0],
                left[1],
                right[0],
                right[1],
                exists,
                toCopy,
                note));
        run.log(
            "  source "
                + left[0]
                + " messages ("
                + left[1]
                + " bytes), destination "
                + right[0]
                + " messages ("
                + right[1]
                + " bytes)"
                + (note.isEmpty() ? "" : ": " + note));
      }
      run.finish(
          ToolRun.Status.COMPLETED,
          "compared "
              + plan.size()
              + " folders; a migration would copy about "
              + total
              + " messages. Nothing was changed on either server.");
    }
  }

  private void probe(Target target) {
    probe(run, target.role(), target.endpoint(), connect, read);
  }

  /** Reachability, TLS and the capabilities announced before login, in the run's log. */
  static void probe(
      ToolRun run, String role, ServerEndpoint endpoint, Duration connect, Duration read) {
    run.log(role + ": connecting to " + endpoint);
    ImapProbe.Result probe = ImapProbe.probe(endpoint, connect, read);
    if (probe.tlsProtocol() != null) {
      run.log(
          role
              + ": "
              + probe.tlsProtocol()
              + " "
              + probe.cipherSuite()
              + ", certificate "
              + probe.certificate().getSubjectX500Principal().getName()
              + " valid until "
              + probe.certificate().getNotAfter().toInstant());
    }
    if (!probe.reachable()) {
      throw new IllegalStateException(role + ": " + probe.why());
    }
    run.log(role + ": capabilities before login: " + String.join(" ", probe.capabilities()));
  }

  private Store connect(Target target) throws MessagingException {
    String fetchAnswer = target.role() + " S: * ";
    ProtocolTrace trace =
        new ProtocolTrace(
            target.role(),
            line -> {
              if (!(line.startsWith(fetchAnswer) && FETCH_LINE.matcher(line).find())) {
                run.log(line);
              }
            });
    Session session = MailSessions.session(target.endpoint(), connect, read, trace);
    Store store = MailSessions.store(session, target.endpoint());
    run.log(target.role() + ": logging in as " + target.login());
    try {
      store.connect(
          target.endpoint().host(), target.endpoint().port(), target.login(), target.password());
    } catch (jakarta.mail.AuthenticationFailedException e) {
      // its tagged answer was NO (RFC 3501 6.2.3); the line is in the trace above
      run.log(target.role() + " answered the login with NO: " + ImapProbe.rootMessage(e));
      throw e;
    } catch (MessagingException e) {
      run.log(target.role() + " said: " + ImapProbe.rootMessage(e));
      throw e;
    }
    return store;
  }

  private List<ListedFolder> list(Store store, String role) throws MessagingException {
    Folder root = store.getDefaultFolder();
    char separator = root.getSeparator();
    String prefix = prefix(store, separator);
    Set<String> subscribed = new HashSet<>();
    for (Folder folder : root.listSubscribed("*")) {
      subscribed.add(folder.getFullName());
    }
    List<ListedFolder> result = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    List<Folder> folders = new ArrayList<>(List.of(root.list("*")));
    if (folders.stream().noneMatch(f -> f.getFullName().equalsIgnoreCase("INBOX"))) {
      folders.add(0, store.getFolder("INBOX"));
    }
    for (Folder folder : folders) {
      String name = folder.getFullName();
      if (name.isEmpty() || seen.put(name, true) != null) {
        continue;
      }
      String[] listed = ((org.eclipse.angus.mail.imap.IMAPFolder) folder).getAttributes();
      Set<String> attributes = listed == null ? Set.of() : Set.of(listed);
      boolean selectable =
          attributes.stream()
              .noneMatch(
                  a -> a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent"));
      result.add(
          new ListedFolder(
              name,
              FolderPath.parse(name, separator, prefix),
              attributes,
              selectable,
              subscribed.contains(name) || name.equalsIgnoreCase("INBOX")));
    }
    run.log(
        role
            + ": "
            + result.size()
            + " folders, separator \""
            + separator
            + "\", namespace \""
            + prefix
            + "\"");
    return result;
  }

  private static String prefix(Store store, char separator) throws MessagingException {
    Folder[] personal = store.getPersonalNamespaces();
    return personal.length == 0 ? "" : NamespacePrefix.of(personal[0].getFullName(), separator);
  }

  /** Messages and bytes of a folder, read-only. */
  private long[] measure(Store store, String name, String role) throws MessagingException {
    Folder folder = store.getFolder(name);
    folder.open(Folder.READ_ONLY);
    try {
      Message[] all = folder.getMessages();
      long bytes = 0;
      if (all.length > 0) {
        FetchProfile sizes = new FetchProfile();
        sizes.add(FetchProfile.Item.SIZE);
        folder.fetch(all, sizes);
        for (Message message : all) {
          bytes += Math.max(0, message.getSize());
        }
        run.log(role + ": (" + all.length + " FETCH answers with RFC822.SIZE not shown)");
      }
      return new long[] {all.length, bytes};
    } finally {
      folder.close(false);
    }
  }
}
