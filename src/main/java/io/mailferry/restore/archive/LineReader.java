package io.mailferry.restore.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream line by line as bytes, LF or CRLF ended, in pieces of at most {@link #MAX_PIECE}
 * bytes: a file of one endless line costs no more memory than any other.
 */
final class LineReader {

  static final int MAX_PIECE = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private final byte[] piece = new byte[MAX_PIECE];
  private int length;
  private boolean terminated;
  private boolean startsLine = true;
  private boolean nextStartsLine = true;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** Reads the next piece; false at the end of the stream. */
  boolean next() throws IOException {
    length = 0;
    terminated = false;
    startsLine = nextStartsLine;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          nextStartsLine = true;
          return length > 0;
        }
      }
      byte b = buffer[position++];
      if (b == '\n') {
        terminated = true;
        if (length > 0 && piece[length - 1] == '\r') {
          length--;
        }
        nextStartsLine = true;
        return true;
      }
      piece[length++] = b;
      if (length == MAX_PIECE) {
        nextStartsLine = false;
        return true;
      }
    }
  }

  /** The piece's bytes, without its line end. */
  byte[] bytes() {
    return piece;
  }

  int length() {
    return length;
  }

  /** Whether a line end followed the piece. */
  boolean terminated() {
    return terminated;
  }

  /** Whether the piece is the beginning of a line (a long line comes in several pieces). */
  boolean startsLine() {
    return startsLine;
  }

  boolean isBlankLine() {
    return startsLine && terminated && length == 0;
  }

  boolean startsWith(String ascii) {
    if (!startsLine || length < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (piece[i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  String asText() {
    return new String(piece, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
