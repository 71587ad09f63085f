package io.mailferry.imap;

import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Message flags and keywords as IMAP writes them ({@code \Seen $Forwarded custom}). */
public final class FlagList {

  private FlagList() {}

  /**
   * The flags a destination can be given on APPEND: \Recent is the server's alone (RFC 3501 2.3.2),
   * and \Deleted only when the domain copies deleted messages.
   */
  public static String forAppend(Flags flags, boolean keepDeleted) {
    List<String> result = new ArrayList<>();
    for (String flag : toSet(flags)) {
      if (flag.equalsIgnoreCase("\\Recent") || !keepDeleted && flag.equalsIgnoreCase("\\Deleted")) {
        continue;
      }
      result.add(flag);
    }
    return String.join(" ", result);
  }

  /** Sorted, so two flag sets compare as strings. */
  public static Set<String> toSet(Flags flags) {
    Set<String> result = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    if (flags == null) {
      return result;
    }
    for (Flags.Flag flag : flags.getSystemFlags()) {
      String name = systemName(flag);
      if (name != null) {
        result.add(name);
      }
    }
    for (String keyword : flags.getUserFlags()) {
      if (isAtom(keyword)) {
        result.add(keyword);
      }
    }
    return result;
  }

  public static String format(Flags flags) {
    return String.join(" ", toSet(flags));
  }

  public static Flags parse(String text) {
    Flags flags = new Flags();
    if (text == null || text.isBlank()) {
      return flags;
    }
    for (String flag : text.trim().split("\\s+")) {
      switch (flag.toLowerCase(Locale.ROOT)) {
        case "\\seen" -> flags.add(Flags.Flag.SEEN);
        case "\\answered" -> flags.add(Flags.Flag.ANSWERED);
        case "\\flagged" -> flags.add(Flags.Flag.FLAGGED);
        case "\\draft" -> flags.add(Flags.Flag.DRAFT);
        case "\\deleted" -> flags.add(Flags.Flag.DELETED);
        case "\\recent" -> flags.add(Flags.Flag.RECENT);
        default -> {
          if (!flag.startsWith("\\")) {
            flags.add(flag);
          }
        }
      }
    }
    return flags;
  }

  public static boolean isDeleted(Flags flags) {
    return flags != null && flags.contains(Flags.Flag.DELETED);
  }

  private static String systemName(Flags.Flag flag) {
    if (flag == Flags.Flag.SEEN) return "\\Seen";
    if (flag == Flags.Flag.ANSWERED) return "\\Answered";
    if (flag == Flags.Flag.FLAGGED) return "\\Flagged";
    if (flag == Flags.Flag.DRAFT) return "\\Draft";
    if (flag == Flags.Flag.DELETED) return "\\Deleted";
    if (flag == Flags.Flag.RECENT) return "\\Recent";
    return null;
  }

  /** A keyword must be an IMAP atom (RFC 3501 9: no specials, no controls, no spaces). */
  static boolean isAtom(String keyword) {
    if (keyword == null || keyword.isEmpty()) {
      return false;
    }
    for (char c : keyword.toCharArray()) {
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
