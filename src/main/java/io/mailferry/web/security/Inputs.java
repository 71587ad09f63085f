package io.mailferry.web.security;

/**
 * What comes in from outside (addresses, user names) is refused at the edge when it holds control
 * characters: a line break in an address would forge a line in the log.
 */
public final class Inputs {

  private Inputs() {}

  /** Null, or text without control characters (C0, DEL, C1, line and paragraph separators). */
  public static boolean isPrintable(String text) {
    return text == null
        || text.codePoints()
            .noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
  }

  /**
   * @return {@code text}
   * @throws IllegalArgumentException naming the field, without echoing the text
   */
  public static String printable(String text, String field) {
    if (!isPrintable(text)) {
      throw new IllegalArgumentException("the " + field + " holds control characters");
    }
    return text;
  }
}
