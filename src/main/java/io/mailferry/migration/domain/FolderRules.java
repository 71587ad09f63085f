package io.mailferry.migration.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An admin's folder rules for a domain: which folders to leave out and which to rename. Names use
 * '/' between levels whatever the servers' separators are; in patterns '*' matches any run of
 * characters (also across levels) and '?' one character, case-insensitively.
 */
public final class FolderRules {

  private final List<Pattern> excluded;
  private final List<Rename> renames;

  private record Rename(FolderPath from, FolderPath to) {}

  private FolderRules(List<Pattern> excluded, List<Rename> renames) {
    this.excluded = excluded;
    this.renames = renames;
  }

  public static FolderRules none() {
    return new FolderRules(List.of(), List.of());
  }

  /**
   * @param excludes one pattern per line, blank lines ignored
   * @param renames one {@code Old/Name=New/Name} per line
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  public static FolderRules parse(String excludes, String renames) {
    List<Pattern> patterns = new ArrayList<>();
    for (String line : lines(excludes)) {
      patterns.add(glob(line));
    }
    List<Rename> renameList = new ArrayList<>();
    for (String line : lines(renames)) {
      int equals = line.indexOf('=');
      if (equals <= 0 || equals == line.length() - 1) {
        throw new IllegalArgumentException(
            "folder rename '" + line + "' is not of the form Old/Name=New/Name");
      }
      renameList.add(
          new Rename(
              FolderPath.ofDisplayName(line.substring(0, equals)),
              FolderPath.ofDisplayName(line.substring(equals + 1))));
    }
    return new FolderRules(List.copyOf(patterns), List.copyOf(renameList));
  }

  private static List<String> lines(String text) {
    List<String> result = new ArrayList<>();
    if (text != null) {
      for (String line : text.split("\\R")) {
        if (!line.isBlank()) {
          result.add(line.trim());
        }
      }
    }
    return result;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  public boolean excludes(FolderPath path) {
    String name = path.displayName();
    return excluded.stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** The renamed path: the longest matching rename prefix wins; subfolders move along. */
  public Optional<FolderPath> rename(FolderPath path) {
    Rename best = null;
    for (Rename rename : renames) {
      if (path.startsWith(rename.from())
          && (best == null || rename.from().depth() > best.from().depth())) {
        best = rename;
      }
    }
    return best == null
        ? Optional.empty()
        : Optional.of(path.withFirstSegments(best.to(), best.from().depth()));
  }

  @Override
  public String toString() {
    return "exclude " + excluded + ", rename " + renames.toString().toLowerCase(Locale.ROOT);
  }
}
