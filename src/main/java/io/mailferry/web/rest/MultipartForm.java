package io.mailferry.web.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part as it arrives: a part's content
 * is a stream the handler reads, so a large file goes straight to where the handler writes it and
 * is never held in memory or left in the container's temporary files.
 */
final class MultipartForm {

  /** Handles one part; it may leave part of the content unread. */
  interface PartHandler {
    void part(String name, String fileName, InputStream content) throws IOException;
  }

  private static final int MAX_HEADERS = 16 * 1024;
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME =
      Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern FILENAME =
      Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buffer;
  private int start;
  private int end;
  private boolean eof;

  private MultipartForm(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buffer = new byte[64 * 1024 + delimiter.length + MAX_HEADERS];
    // the first delimiter has no CRLF before it: lend it one
    buffer[0] = '\r';
    buffer[1] = '\n';
    end = 2;
  }

  /** The boundary of a multipart content type; null when it names none. */
  static String boundary(String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
  }

  /**
   * @throws IllegalArgumentException when the body is not well-formed multipart
   */
  static void read(InputStream body, String boundary, PartHandler handler) throws IOException {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new IllegalArgumentException("a multipart body needs a boundary (RFC 2046 5.1.1)");
    }
    new MultipartForm(body, boundary).parts(handler);
  }

  private void parts(PartHandler handler) throws IOException {
    Part preamble = new Part();
    preamble.drain();
    while (true) {
      require(2);
      if (buffer[start] == '-' && buffer[start + 1] == '-') {
        return;
      }
      int headersEnd = find(new byte[] {'\r', '\n', '\r', '\n'}, MAX_HEADERS);
      String headers = new String(buffer, start, headersEnd - start, StandardCharsets.UTF_8);
      start = headersEnd + 4;
      String disposition = "";
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          disposition = line;
        }
      }
      Matcher name = NAME.matcher(disposition);
      Matcher file = FILENAME.matcher(disposition);
      Part part = new Part();
      handler.part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : null, part);
      part.drain();
    }
  }

  private void require(int bytes) throws IOException {
    while (end - start < bytes) {
      if (fill() < 0) {
        throw new IllegalArgumentException("the multipart body ends too early");
      }
    }
  }

  /** The position of {@code pattern} from {@code start}, reading more as needed. */
  private int find(byte[] pattern, int within) throws IOException {
    while (true) {
      int found = indexOf(pattern, start, end);
      if (found >= 0) {
        return found;
      }
      if (end - start > within) {
        throw new IllegalArgumentException("a multipart part header is too long");
      }
      if (fill() < 0) {
        throw new IllegalArgumentException("the multipart body ends inside a part header");
      }
    }
  }

  private int fill() throws IOException {
    if (eof) {
      return -1;
    }
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      eof = true;
      return -1;
    }
    end += n;
    return n;
  }

  private int indexOf(byte[] pattern, int from, int to) {
    outer:
    for (int i = from; i <= to - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (buffer[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A part's content up to the next delimiter. */
  private final class Part extends InputStream {
    private boolean finished;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (finished) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int found = indexOf(delimiter, start, end);
        if (found == start) {
          finished = true;
          start += delimiter.length;
          return -1;
        }
        int available = found >= 0 ? found - start : end - delimiter.length + 1 - start;
        if (available > 0) {
          int n = Math.min(len, available);
          System.arraycopy(buffer, start, b, off, n);
          start += n;
          return n;
        }
        if (fill() < 0) {
          throw new IllegalArgumentException("the multipart body ends inside a part");
        }
      }
    }

    void drain() throws IOException {
      byte[] skip = new byte[8192];
      while (read(skip, 0, skip.length) >= 0) {
        // the rest of a part the handler did not want
      }
    }
  }
}
