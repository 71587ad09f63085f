package io.mailferry.web.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

  private static final String BOUNDARY = "----xyz123";

  @Test
  void partsArriveWithTheirNamesFileNamesAndExactBytes() throws Exception {
    byte[] file = new byte[300_000];
    new Random(1).nextBytes(file);
    // a part may hold what looks like a delimiter without the leading CRLF
    System.arraycopy(("--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1), 0, file, 70_000, 12);
    List<String> names = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();

    MultipartForm.read(
        body(part("email", null, "ann@example.org".getBytes()), part("file", "Sent.mbox", file)),
        MultipartForm.boundary("multipart/form-data; boundary=" + BOUNDARY),
        (name, fileName, content) -> {
          names.add(name + ":" + fileName);
          contents.add(readSlowly(content));
        });

    assertThat(names).containsExactly("email:null", "file:Sent.mbox");
    assertThat(new String(contents.get(0), StandardCharsets.UTF_8)).isEqualTo("ann@example.org");
    assertThat(contents.get(1)).isEqualTo(file);
  }

  @Test
  void aPartTheHandlerLeavesUnreadIsSkipped() throws Exception {
    List<String> names = new ArrayList<>();
    MultipartForm.read(
        body(part("skip", null, new byte[100_000]), part("email", null, "x@y".getBytes())),
        BOUNDARY,
        (name, fileName, content) -> names.add(name));

    assertThat(names).containsExactly("skip", "email");
  }

  @Test
  void aBodyCutShortIsRefused() {
    byte[] whole = body(part("file", "a", new byte[1000])).readAllBytes();
    byte[] cut = java.util.Arrays.copyOf(whole, 600);

    assertThatThrownBy(
            () ->
                MultipartForm.read(
                    new ByteArrayInputStream(cut), BOUNDARY, (n, f, c) -> c.readAllBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends inside a part");
  }

  @Test
  void theBoundaryIsReadQuotedOrNot() {
    assertThat(MultipartForm.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
    assertThat(MultipartForm.boundary("multipart/form-data;boundary=abc; charset=x"))
        .isEqualTo("abc");
    assertThat(MultipartForm.boundary("multipart/form-data")).isNull();
  }

  private static byte[] part(String name, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static ByteArrayInputStream body(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.UTF_8));
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new ByteArrayInputStream(out.toByteArray());
  }

  /** Reads in odd-sized pieces, as a network stream arrives. */
  private static byte[] readSlowly(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[777];
    int n;
    while ((n = in.read(buffer, 0, 1 + out.size() % 777)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
