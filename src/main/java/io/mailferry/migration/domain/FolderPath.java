package io.mailferry.migration.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A folder's visible name as its segments, independent of any server's hierarchy separator and
 * personal namespace prefix: {@code INBOX.Projects.2024} on one server and {@code Projects/2024} on
 * another are both [Projects, 2024] (INBOX itself is [INBOX]).
 */
public record FolderPath(List<String> segments) {

  public static final FolderPath INBOX = new FolderPath(List.of("INBOX"));

  public FolderPath {
    if (segments == null || segments.isEmpty()) {
      throw new IllegalArgumentException("a folder path has at least one segment");
    }
    for (String segment : segments) {
      if (segment == null || segment.isEmpty()) {
        throw new IllegalArgumentException("empty segment in folder path " + segments);
      }
    }
    segments = List.copyOf(segments);
  }

  /**
   * Reads a server's full folder name.
   *
   * @param fullName the decoded (Unicode) full name as the server lists it
   * @param separator the server's hierarchy separator, or 0 for a flat server
   * @param namespacePrefix the personal namespace prefix such as {@code INBOX.}, or empty
   */
  public static FolderPath parse(String fullName, char separator, String namespacePrefix) {
    if (fullName.equalsIgnoreCase("INBOX")) {
      return INBOX;
    }
    String name = fullName;
    if (!namespacePrefix.isEmpty()
        && name.regionMatches(true, 0, namespacePrefix, 0, namespacePrefix.length())
        && name.length() > namespacePrefix.length()) {
      name = name.substring(namespacePrefix.length());
    }
    List<String> segments = new ArrayList<>();
    if (separator == 0) {
      segments.add(name);
    } else {
      for (String segment : name.split(java.util.regex.Pattern.quote(String.valueOf(separator)))) {
        if (!segment.isEmpty()) {
          segments.add(segment);
        }
      }
    }
    if (segments.isEmpty()) {
      segments.add(name);
    }
    return new FolderPath(segments);
  }

  /** Parses an admin's notation where '/' separates levels ("Archive/2019"). */
  public static FolderPath ofDisplayName(String displayName) {
    return parse(displayName.trim(), '/', "");
  }

  /**
   * The full name on a server with this separator and namespace prefix. A segment that contains the
   * target separator gets it replaced by '_' so it cannot split into two levels.
   */
  public String toServerName(char separator, String namespacePrefix) {
    if (isInbox()) {
      return "INBOX";
    }
    List<String> safe = new ArrayList<>(segments.size());
    for (String segment : segments) {
      safe.add(separator == 0 ? segment : segment.replace(separator, '_'));
    }
    String joined = String.join(separator == 0 ? "_" : String.valueOf(separator), safe);
    return namespacePrefix + joined;
  }

  public boolean isInbox() {
    return segments.size() == 1 && segments.get(0).equalsIgnoreCase("INBOX");
  }

  public String leaf() {
    return segments.get(segments.size() - 1);
  }

  public int depth() {
    return segments.size();
  }

  public FolderPath withFirstSegments(FolderPath replacement, int replaced) {
    List<String> result = new ArrayList<>(replacement.segments);
    result.addAll(segments.subList(replaced, segments.size()));
    return new FolderPath(result);
  }

  public boolean startsWith(FolderPath prefix) {
    if (prefix.segments.size() > segments.size()) {
      return false;
    }
    for (int i = 0; i < prefix.segments.size(); i++) {
      if (!prefix.segments.get(i).equalsIgnoreCase(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  public List<String> segments() {
    return Collections.unmodifiableList(segments);
  }

  /** The name people see: segments joined by '/'. */
  public String displayName() {
    return String.join("/", segments);
  }

  public String key() {
    return displayName().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return displayName();
  }
}
