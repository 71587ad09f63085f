package io.mailferry.migration.domain;

import java.util.Set;

/**
 * A folder as a server lists it.
 *
 * @param fullName the server's full name, decoded from modified UTF-7 (RFC 3501 5.1.3)
 * @param path the same name as separator-free segments, namespace prefix removed
 * @param attributes LIST attributes such as {@code \Noselect} or {@code \Sent} (RFC 6154)
 */
public record ListedFolder(
    String fullName,
    FolderPath path,
    Set<String> attributes,
    boolean selectable,
    boolean subscribed) {

  public boolean hasAttribute(String attribute) {
    return attributes.stream().anyMatch(a -> a.equalsIgnoreCase(attribute));
  }
}
