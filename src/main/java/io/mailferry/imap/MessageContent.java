package io.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.angus.mail.iap.Literal;

/**
 * A message's raw RFC 822 octets, held once: either the slice of the protocol buffer it arrived in,
 * or a spool file for large messages. It is an IAP literal, so it is written to the destination
 * without another copy.
 */
public sealed interface MessageContent extends Literal, AutoCloseable
    permits MessageContent.InMemory, MessageContent.Spooled, GrowingSpool {

  long length();

  @Override
  default int size() {
    return Math.toIntExact(length());
  }

  @Override
  void close();

  static MessageContent inMemory(byte[] bytes, int start, int count) {
    return new InMemory(bytes, start, count);
  }

  static MessageContent spooled(Path file) {
    return new Spooled(file);
  }

  record InMemory(byte[] bytes, int start, int count) implements MessageContent {
    @Override
    public long length() {
      return count;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes, start, count);
    }

    @Override
    public void close() {}
  }

  record Spooled(Path file) implements MessageContent {
    @Override
    public long length() {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Files.copy writes 8 KB at a time: a 50 MB message took 6,400 writes to the socket. */
    private static final int WRITE_BUFFER = 256 * 1024;

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[WRITE_BUFFER];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
        }
      }
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the spool directory is temporary; nothing else to do
      }
    }
  }
}
