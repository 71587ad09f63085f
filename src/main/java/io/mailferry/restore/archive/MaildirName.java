package io.mailferry.restore.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Maildir message file's name: {@code <seconds>.<unique>[,S=<size>]:2,<flags>}
 * (cr.yp.to/proto/maildir.html). Upper-case flags are the standard ones; lower-case letters are
 * Dovecot keywords, indexed by the folder's {@code dovecot-keywords} file ({@code a} is keyword 0).
 */
public record MaildirName(String name, Instant delivered, String flagLetters) {

  public static MaildirName parse(String name) {
    Instant delivered = null;
    int dot = name.indexOf('.');
    if (dot > 0 && dot <= 11 && name.substring(0, dot).chars().allMatch(Character::isDigit)) {
      delivered = Instant.ofEpochSecond(Long.parseLong(name.substring(0, dot)));
    }
    int info = name.lastIndexOf(":2,");
    if (info < 0) {
      info = name.lastIndexOf("!2,"); // the separator on file systems without ':'
    }
    return new MaildirName(name, delivered, info < 0 ? "" : name.substring(info + 3));
  }

  /**
   * The IMAP flags: D \Draft, F \Flagged, P $Forwarded (passed), R \Answered, S \Seen, T \Deleted
   * (trashed), and each keyword letter the folder's keywords name.
   */
  public String flags(Map<Integer, String> keywords) {
    Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (char letter : flagLetters.toCharArray()) {
      switch (letter) {
        case 'D' -> flags.add("\\Draft");
        case 'F' -> flags.add("\\Flagged");
        case 'P' -> flags.add("$Forwarded");
        case 'R' -> flags.add("\\Answered");
        case 'S' -> flags.add("\\Seen");
        case 'T' -> flags.add("\\Deleted");
        default -> {
          if (letter >= 'a' && letter <= 'z') {
            String keyword = keywords.get(letter - 'a');
            if (keyword != null && isAtom(keyword)) {
              flags.add(keyword);
            }
          }
        }
      }
    }
    return String.join(" ", flags);
  }

  /** Dovecot's {@code dovecot-keywords}: lines of {@code <index> <keyword>}. */
  public static Map<Integer, String> keywords(InputStream in) throws IOException {
    Map<Integer, String> keywords = new HashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lines = 0;
    while ((line = reader.readLine()) != null && lines++ < 100) {
      String[] parts = line.trim().split("\\s+", 2);
      if (parts.length == 2 && parts[0].matches("\\d{1,2}")) {
        keywords.put(Integer.parseInt(parts[0]), parts[1]);
      }
    }
    return keywords;
  }

  /** A keyword must be an IMAP atom (RFC 3501 9). */
  static boolean isAtom(String keyword) {
    if (keyword.isEmpty() || keyword.startsWith("\\")) {
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
