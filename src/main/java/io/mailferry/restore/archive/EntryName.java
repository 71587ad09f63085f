package io.mailferry.restore.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name as path segments, or a refusal: nothing absolute, no {@code ..}, no NUL,
 * so that no entry can name a file outside the place it is read into. Mailferry never uses these
 * names as file names, but an archive that tries is refused rather than half-read.
 */
public final class EntryName {

  private EntryName() {}

  /**
   * @throws RefusedArchiveException for an absolute name, a {@code ..} segment, a NUL or an empty
   *     name
   */
  public static List<String> segments(String name) {
    if (name == null || name.isEmpty()) {
      throw new RefusedArchiveException(String.valueOf(name), "an entry without a name");
    }
    if (name.indexOf('\0') >= 0) {
      throw new RefusedArchiveException(name, "the name holds a NUL character");
    }
    String normalised = name.replace('\\', '/');
    if (normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*")) {
      throw new RefusedArchiveException(name, "an absolute path is not allowed in an archive");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : normalised.split("/")) {
      if (segment.equals("..")) {
        throw new RefusedArchiveException(
            name, "'..' would reach outside the archive (path traversal)");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    if (segments.isEmpty()) {
      throw new RefusedArchiveException(name, "an entry without a name");
    }
    return List.copyOf(segments);
  }
}
