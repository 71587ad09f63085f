package io.mailferry.migration.domain;

/** A message UID within one mailbox: a non-zero unsigned 32-bit number (RFC 3501 2.3.1.1). */
public record Uid(long value) implements Comparable<Uid> {

  public static final long MAX = 0xFFFF_FFFFL;

  public Uid {
    if (value < 1 || value > MAX) {
      throw new IllegalArgumentException("UID " + value + " is not between 1 and 4294967295");
    }
  }

  public static Uid of(long value) {
    return new Uid(value);
  }

  @Override
  public int compareTo(Uid other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
