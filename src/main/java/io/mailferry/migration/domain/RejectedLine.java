package io.mailferry.migration.domain;

/** A line of a batch CSV that cannot be migrated, and why (line 1 is the header). */
public record RejectedLine(int line, String reason) implements Comparable<RejectedLine> {

  @Override
  public int compareTo(RejectedLine other) {
    return Integer.compare(line, other.line);
  }
}
