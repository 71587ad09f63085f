package io.mailferry.restore.archive;

import io.mailferry.migration.domain.FolderPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;

/**
 * Folder names from where mail sits in an archive. Maildir: the root's {@code cur/new} is INBOX,
 * {@code .Projects.2024} (Maildir++) and {@code Projects/2024} (Dovecot's {@code LAYOUT=fs}) are
 * [Projects, 2024], names decoded from modified UTF-7 (RFC 3501 5.1.3). mbox: the file's path,
 * without {@code .mbox}, Thunderbird's {@code .sbd} directories and Apple Mail's inner {@code mbox}
 * file; a file called {@code mbox} or {@code Inbox} is INBOX.
 */
final class FolderNames {

  private FolderNames() {}

  /** The directory all Maildir folders of the archive hang from. */
  static List<String> maildirRoot(List<List<String>> folderDirectories) {
    List<String> root = commonPrefix(folderDirectories);
    while (!root.isEmpty() && root.get(root.size() - 1).startsWith(".")) {
      root = root.subList(0, root.size() - 1);
    }
    return root;
  }

  static FolderPath maildir(List<String> root, List<String> directory) {
    List<String> relative = directory.subList(root.size(), directory.size());
    if (relative.isEmpty()) {
      return FolderPath.INBOX;
    }
    List<String> segments = new ArrayList<>();
    if (relative.size() == 1 && relative.get(0).startsWith(".") && relative.get(0).length() > 1) {
      for (String part : relative.get(0).substring(1).split("\\.")) {
        if (!part.isEmpty()) {
          segments.add(decode(part));
        }
      }
    } else {
      relative.forEach(part -> segments.add(decode(part)));
    }
    return segments.isEmpty() ? FolderPath.INBOX : new FolderPath(segments);
  }

  /** The directories all mbox files of the archive share. */
  static List<String> mboxRoot(List<List<String>> files) {
    return commonPrefix(files.stream().map(f -> f.subList(0, f.size() - 1)).toList());
  }

  static FolderPath mbox(List<String> root, List<String> file) {
    List<String> relative = new ArrayList<>(file.subList(root.size(), file.size()));
    if (relative.size() > 1 && relative.get(relative.size() - 1).equalsIgnoreCase("mbox")) {
      relative.remove(relative.size() - 1);
    }
    List<String> segments = new ArrayList<>();
    for (String part : relative) {
      String name = strip(strip(strip(part, ".sbd"), ".mbox"), ".mbx");
      if (!name.isEmpty()) {
        segments.add(name);
      }
    }
    if (segments.isEmpty()
        || segments.size() == 1
            && (segments.get(0).equalsIgnoreCase("mbox")
                || segments.get(0).equalsIgnoreCase("inbox"))) {
      return FolderPath.INBOX;
    }
    return new FolderPath(segments);
  }

  private static String strip(String name, String suffix) {
    return name.toLowerCase(Locale.ROOT).endsWith(suffix)
        ? name.substring(0, name.length() - suffix.length())
        : name;
  }

  private static String decode(String name) {
    try {
      return BASE64MailboxDecoder.decode(name);
    } catch (RuntimeException e) {
      return name;
    }
  }

  private static List<String> commonPrefix(List<List<String>> paths) {
    if (paths.isEmpty()) {
      return List.of();
    }
    List<String> prefix = paths.get(0);
    for (List<String> path : paths) {
      int i = 0;
      while (i < prefix.size() && i < path.size() && prefix.get(i).equals(path.get(i))) {
        i++;
      }
      prefix = prefix.subList(0, i);
    }
    return List.copyOf(prefix);
  }
}
