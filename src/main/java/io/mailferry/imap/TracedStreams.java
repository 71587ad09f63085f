package io.mailferry.imap;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A socket's streams with a copy of every byte for a {@link ProtocolTrace}, when there is one. */
final class TracedStreams {

  private TracedStreams() {}

  static InputStream input(InputStream in, ProtocolTrace trace) {
    return trace == null ? in : new Input(in, trace.received());
  }

  static OutputStream output(OutputStream out, ProtocolTrace trace) {
    return trace == null ? out : new Output(out, trace.sent());
  }

  private static final class Input extends FilterInputStream {
    private final OutputStream copy;

    Input(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        copy.write(buffer, offset, n);
      }
      return n;
    }
  }

  private static final class Output extends FilterOutputStream {
    private final OutputStream copy;

    Output(OutputStream out, OutputStream copy) {
      super(out);
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      copy.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      copy.write(bytes, offset, length);
    }
  }
}
