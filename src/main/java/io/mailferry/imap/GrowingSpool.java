package io.mailferry.imap;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A large message's spool file while the source is still serving it, so that it can be appended as
 * it grows: its literal is announced with the size the source listed, and the last octet is held
 * back until the whole message is in and as long as announced. A message the source cuts short,
 * serves longer or shorter than listed, or serves twice in part fails the APPEND with its literal
 * unfinished (the connection is cut; no server stores an unfinished literal), and the complete
 * spool is appended again. Once complete it is an ordinary spooled message.
 */
public final class GrowingSpool implements MessageContent {

  /** As {@link MessageContent.Spooled}: a 50 MB message in 200 writes to the socket. */
  private static final int WRITE_BUFFER = 256 * 1024;

  private final Path file;
  private final long listedSize;

  /** Octets written from the start on, with nothing missing. */
  private long contiguous;

  /** Pieces written beyond {@link #contiguous}, start to end: a server may answer out of order. */
  private final TreeMap<Long, Long> beyond = new TreeMap<>();

  private long length = -1;
  private String failure;
  private int rewinds;
  private volatile long announced = -1;

  public GrowingSpool(Path file, long listedSize) {
    this.file = file;
    this.listedSize = listedSize;
  }

  /** Octets at {@code position} are in the file. */
  public synchronized void written(long position, long count) {
    beyond.merge(position, position + count, Math::max);
    while (!beyond.isEmpty() && beyond.firstKey() <= contiguous) {
      Map.Entry<Long, Long> first = beyond.pollFirstEntry();
      contiguous = Math.max(contiguous, first.getValue());
    }
    notifyAll();
  }

  /** The file is read again from its start: what was streamed from it may differ. */
  public synchronized void rewound() {
    contiguous = 0;
    beyond.clear();
    rewinds++;
    notifyAll();
  }

  /** The whole message is in the file, {@code length} octets. */
  public synchronized void complete(long length) {
    this.length = length;
    notifyAll();
  }

  /** The source did not serve the message whole: an APPEND of it fails. */
  public synchronized void fail(String reason) {
    if (length < 0) {
      failure = reason;
      notifyAll();
    }
  }

  /** The listed size until the message is in, then its length. */
  @Override
  public synchronized long length() {
    return length >= 0 ? length : listedSize;
  }

  /** What an APPEND announces: the literal {@link #writeTo} then writes. */
  @Override
  public int size() {
    int size = Math.toIntExact(length());
    announced = size;
    return size;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    long promised = announced >= 0 ? announced : length();
    int rewindsAtStart;
    synchronized (this) {
      rewindsAtStart = rewinds;
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(WRITE_BUFFER);
      long sent = 0;
      while (true) {
        long sendable = sendableAfter(sent, promised, rewindsAtStart);
        while (sent < sendable) {
          buffer.clear().limit((int) Math.min(WRITE_BUFFER, sendable - sent));
          int read = in.read(buffer, sent);
          if (read < 0) {
            throw new IOException(
                "the spool file ended at " + sent + " of " + sendable + " octets");
          }
          out.write(buffer.array(), 0, read);
          sent += read;
        }
        if (sent == promised && isComplete()) {
          return;
        }
      }
    }
  }

  private synchronized boolean isComplete() {
    return length >= 0;
  }

  /** Up to where the literal may be written, once more than {@code sent} may. */
  private synchronized long sendableAfter(long sent, long promised, int rewindsAtStart)
      throws IOException {
    while (true) {
      if (failure != null) {
        throw new IOException("the source did not serve the message whole: " + failure);
      }
      if (rewinds != rewindsAtStart && sent > 0) {
        throw new IOException("the source served parts of the message twice; read it again whole");
      }
      if (length >= 0) {
        if (length != promised) {
          throw new IOException(
              "the source listed " + promised + " octets and served " + length + " octets");
        }
        return length;
      }
      long ready = Math.min(contiguous, promised - 1);
      if (ready > sent) {
        return ready;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the message was read");
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
