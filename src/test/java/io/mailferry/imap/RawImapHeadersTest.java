package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RawImap's header reader gives what InternetHeaders(InputStream) gives, so fingerprints stay. */
class RawImapHeadersTest {

  private static final List<String> NAMES =
      List.of("Message-ID", "Date", "From", "To", "Subject", "X-Other");

  @Test
  void readsHeadersExactlyAsInternetHeaders() throws Exception {
    List<byte[]> inputs =
        List.of(
            bytes(
                "Message-ID: <a@b>\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\nFrom: A <a@b>\r\n"
                    + "To: c@d\r\nSubject: Hello\r\n\r\n"),
            bytes("Subject: folded\r\n\tsecond line\r\n  third\r\nTo: x@y,\r\n z@w\r\n\r\n"),
            bytes("  leading continuation\r\nSubject: after\r\n\r\n"),
            bytes("Subject:\r\n value on the next line\r\n\r\n"),
            bytes("Subject: lf only\nFrom: a@b\n\n"),
            bytes("Subject: cr only\rFrom: a@b\r\r"),
            bytes(
                "Subject: first\r\nSubject: second\r\nno colon line\r\n\r\nBody: not a header\r\n"),
            bytes("Message-ID:<nospace@x>\r\nSUBJECT: Upper\r\nsubject: lower\r\n"),
            bytes(""),
            bytes("\r\n"),
            "Subject: ÄÖÜ latin1 and €\r\nFrom: Jörg <j@x>\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8),
            "Subject: =?UTF-8?B?w6TDtsO8?=\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] input : inputs) {
      InternetHeaders expected = new InternetHeaders(new ByteArrayInputStream(input));
      InternetHeaders actual = RawImap.headers(new ByteArrayInputStream(input));
      for (String name : NAMES) {
        assertThat(actual.getHeader(name, null))
            .as("%s of %s", name, new String(input, StandardCharsets.ISO_8859_1))
            .isEqualTo(expected.getHeader(name, null));
      }
      assertThat(Collections.list(actual.getAllHeaderLines()))
          .isEqualTo(Collections.list(expected.getAllHeaderLines()));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
