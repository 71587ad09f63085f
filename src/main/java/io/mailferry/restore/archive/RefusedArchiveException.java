package io.mailferry.restore.archive;

/** The archive cannot be restored; the message names the entry and says why. */
public class RefusedArchiveException extends RuntimeException {

  private final String entry;

  public RefusedArchiveException(String entry, String reason) {
    super(
        entry == null
            ? "The archive is refused: " + reason
            : "The archive is refused at the entry '" + printable(entry) + "': " + reason);
    this.entry = entry;
  }

  /** The archive entry at fault, or null when the archive as a whole is. */
  public String entry() {
    return entry;
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
      if (out.length() > 300) {
        return out + "...";
      }
    }
    return out.toString();
  }
}
