package io.mailferry.imap;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A deadline for every command on one connection: the server's answer must be complete within it of
 * the last byte Mailferry sent. The socket's read timeout catches a server that goes silent; this
 * catches one that trickles a byte now and then, which would keep a mailbox busy for ever.
 */
final class CommandDeadline {

  private final long deadlineNanos;
  private final Duration deadline;
  private final LongSupplier nanoTime;
  private volatile long lastSent;

  CommandDeadline(Duration deadline) {
    this(deadline, System::nanoTime);
  }

  CommandDeadline(Duration deadline, LongSupplier nanoTime) {
    this.deadline = deadline;
    this.deadlineNanos = deadline.toNanos();
    this.nanoTime = nanoTime;
    this.lastSent = nanoTime.getAsLong();
  }

  /** What the client writes: each write starts (or continues) a command. */
  OutputStream sending(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        lastSent = nanoTime.getAsLong();
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        lastSent = nanoTime.getAsLong();
      }
    };
  }

  /** What the server answers: refused once the command's deadline has passed. */
  InputStream receiving(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        check();
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        check();
        return n;
      }
    };
  }

  void check() throws SocketTimeoutException {
    if (nanoTime.getAsLong() - lastSent > deadlineNanos) {
      throw new SocketTimeoutException(
          "the server did not finish answering a command within " + describe(deadline));
    }
  }

  private static String describe(Duration duration) {
    return duration.toSeconds() % 60 == 0 && duration.toMinutes() > 0
        ? duration.toMinutes() + " min"
        : duration.toSeconds() + " s";
  }
}
