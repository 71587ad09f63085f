package io.mailferry.restore.archive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One message written to the spool with CRLF line ends (RFC 5322 2.1; what IMAP servers count
 * RFC822.SIZE in), its header kept aside for the fingerprint.
 */
final class MessageFile implements Closeable {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final int MAX_HEADER = 256 * 1024;

  private final Path file;
  private final OutputStream out;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private boolean inHeader = true;
  private long size;

  MessageFile(Path file) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
  }

  Path file() {
    return file;
  }

  /** Writes a piece of a line, and the line end when the piece ended its line. */
  void write(byte[] bytes, int offset, int length, boolean endsLine) throws IOException {
    out.write(bytes, offset, length);
    size += length;
    if (inHeader && header.size() < MAX_HEADER) {
      header.write(bytes, offset, Math.min(length, MAX_HEADER - header.size()));
    }
    if (endsLine) {
      out.write(CRLF);
      size += 2;
      if (inHeader) {
        header.write(CRLF, 0, 2);
        if (length == 0) {
          inHeader = false;
        }
      }
    }
  }

  void write(String line) throws IOException {
    byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    write(bytes, 0, bytes.length, true);
  }

  long size() {
    return size;
  }

  byte[] header() {
    return header.toByteArray();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
