package io.mailferry.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a server's IMAP stream ahead of Angus Mail and refuses a literal ({@code {n}} at the end of
 * a line, RFC 3501 4.3) larger than the limit before Angus allocates a buffer of the announced
 * size: a hostile or broken server cannot make Mailferry run out of memory with one line.
 */
final class LiteralGuard extends FilterInputStream {

  private static final int TAIL = 24;

  private final long limit;
  private final byte[] tail = new byte[TAIL];
  private int tailLength;
  private long literalLeft;

  LiteralGuard(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      inspect(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    int i = 0;
    while (i < n) {
      if (literalLeft > 0) {
        // a literal's octets are not looked at: skipped in one step, not byte by byte (a 50 MB
        // message passed through a per-byte loop cost more CPU than the rest of its copy)
        int skip = (int) Math.min(literalLeft, n - i);
        literalLeft -= skip;
        i += skip;
      } else {
        inspect(buffer[offset + i++] & 0xff);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(n, 8192)];
    int read = read(discard, 0, discard.length);
    return Math.max(read, 0);
  }

  private void inspect(int b) throws OversizedLiteralException {
    if (literalLeft > 0) {
      literalLeft--;
      return;
    }
    if (tailLength == TAIL) {
      System.arraycopy(tail, 1, tail, 0, TAIL - 1);
      tailLength--;
    }
    tail[tailLength++] = (byte) b;
    if (b != '\n') {
      return;
    }
    long announced = announcedLiteral();
    tailLength = 0;
    if (announced > limit) {
      throw new OversizedLiteralException(announced, limit);
    }
    literalLeft = Math.max(0, announced);
  }

  /** The size in a line ending {@code {n}CRLF}, or -1. */
  private long announcedLiteral() {
    int end = tailLength - 1;
    if (end < 3 || tail[end - 1] != '\r' || tail[end - 2] != '}') {
      return -1;
    }
    long value = 0;
    long scale = 1;
    int i = end - 3;
    for (; i >= 0 && tail[i] >= '0' && tail[i] <= '9'; i--) {
      if (scale > 1_000_000_000_000_000L) {
        return Long.MAX_VALUE;
      }
      value += (tail[i] - '0') * scale;
      scale *= 10;
    }
    if (i < 0 || tail[i] != '{' || scale == 1) {
      // a long run of digits fills the whole tail: far beyond any limit
      return i < 0 && scale > 1 ? Long.MAX_VALUE : -1;
    }
    return value;
  }
}
