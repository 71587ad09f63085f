package io.mailferry.migration.domain;

/**
 * A mailbox's UIDVALIDITY: while it stays the same, UIDs keep naming the same messages (RFC 3501
 * 2.3.1.1). A non-zero unsigned 32-bit number.
 */
public record UidValidity(long value) {

  public UidValidity {
    if (value < 1 || value > Uid.MAX) {
      throw new IllegalArgumentException(
          "UIDVALIDITY " + value + " is not between 1 and 4294967295");
    }
  }

  /**
   * Whether a folder recorded under {@code recorded} (null: never read) is another folder now: the
   * UIDs recorded under it name nothing any more (RFC 3501 2.3.1.1).
   */
  public boolean differsFrom(Long recorded) {
    return recorded != null && recorded != value;
  }

  public static UidValidity of(long value) {
    return new UidValidity(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
