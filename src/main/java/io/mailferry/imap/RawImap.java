package io.mailferry.imap;

import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.util.LineInputStream;

/**
 * Batched UID FETCH commands sent through Angus Mail's protocol access: one round trip for a whole
 * batch instead of one per message.
 */
public final class RawImap {

  /** The header fields a fingerprint is made of; BODY.PEEK leaves \Seen alone. */
  public static final String METADATA_ITEMS =
      "(UID FLAGS INTERNALDATE RFC822.SIZE"
          + " BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE FROM TO SUBJECT)])";

  private RawImap() {}

  /** Sends one UID FETCH; FETCH responses go to the consumer, the others to the folder. */
  public static void uidFetch(
      IMAPFolder folder, String uidSet, String items, Consumer<FetchResponse> consumer)
      throws MessagingException {
    folder.doCommand(
        (IMAPProtocol protocol) -> {
          uidFetch(protocol, uidSet, items, consumer, response -> {});
          return null;
        });
  }

  /**
   * As above, on a protocol already in hand; the untagged responses other than the FETCHes asked
   * for (EXISTS, EXPUNGE) are shown to {@code others} too.
   */
  public static void uidFetch(
      IMAPProtocol protocol,
      String uidSet,
      String items,
      Consumer<FetchResponse> consumer,
      Consumer<Response> others)
      throws ProtocolException {
    Response[] responses = protocol.command("UID FETCH " + uidSet + " " + items, null);
    List<Response> unsolicited = new ArrayList<>();
    for (Response response : responses) {
      if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
        consumer.accept(fetch);
      } else {
        unsolicited.add(response);
        others.accept(response);
      }
    }
    protocol.notifyResponseHandlers(unsolicited.toArray(new Response[0]));
    protocol.handleResult(responses[responses.length - 1]);
  }

  /** Reads a metadata FETCH response; null when the server left out an item we asked for. */
  public static MessageRef toMessageRef(FetchResponse fetch) {
    UID uid = fetch.getItem(UID.class);
    FLAGS flags = fetch.getItem(FLAGS.class);
    INTERNALDATE date = fetch.getItem(INTERNALDATE.class);
    RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
    BODY header = fetch.getItem(BODY.class);
    if (uid == null || uid.uid < 1) {
      return null;
    }
    InternetHeaders headers = parseHeaders(header);
    String messageId = headers.getHeader("Message-ID", null);
    Instant internalDate =
        date == null || date.getDate() == null ? null : date.getDate().toInstant();
    long octets = size == null ? 0 : size.size;
    Fingerprint fingerprint =
        Fingerprint.of(
            messageId,
            headers.getHeader("Date", null),
            headers.getHeader("From", null),
            headers.getHeader("To", null),
            headers.getHeader("Subject", null),
            internalDate,
            octets);
    return new MessageRef(
        Uid.of(uid.uid),
        flags == null ? new Flags() : flags,
        internalDate,
        octets,
        messageId,
        decode(headers.getHeader("Subject", null)),
        fingerprint);
  }

  /**
   * The fingerprint of a message read from elsewhere (an archive), made exactly as for a message a
   * server lists: {@code headerBlock} holds the message's header (the rest is not read), {@code
   * size} its octets as a server counts them (CRLF line ends).
   */
  public static Fingerprint fingerprintOf(InputStream headerBlock, Instant internalDate, long size)
      throws IOException {
    InternetHeaders headers = headers(headerBlock);
    return Fingerprint.of(
        headers.getHeader("Message-ID", null),
        headers.getHeader("Date", null),
        headers.getHeader("From", null),
        headers.getHeader("To", null),
        headers.getHeader("Subject", null),
        internalDate,
        size);
  }

  private static InternetHeaders parseHeaders(BODY header) {
    if (header == null || header.getByteArray() == null) {
      return new InternetHeaders();
    }
    try {
      return headers(header.getByteArrayInputStream());
    } catch (IOException e) {
      return new InternetHeaders();
    }
  }

  private static final boolean IGNORE_WHITESPACE_LINES =
      Boolean.getBoolean("mail.mime.ignorewhitespacelines");

  /**
   * The headers exactly as {@code new InternetHeaders(in)} reads them (the same line reader and
   * folding as jakarta.mail-api 2.1's {@code InternetHeaders.load}), without its {@code
   * StreamProvider.provider()} call: that is a ServiceLoader scan of the class path on every call,
   * and once per message it took 18 % of a copy's CPU in Payara (JFR).
   */
  static InternetHeaders headers(InputStream in) throws IOException {
    InternetHeaders headers = new InternetHeaders();
    LineInputStream lines = new LineInputStream(in, false);
    String line;
    String previous = null;
    StringBuilder buffer = new StringBuilder();
    boolean first = true;
    do {
      line = lines.readLine();
      if (line != null && (line.startsWith(" ") || line.startsWith("\t"))) {
        if (previous != null) {
          buffer.append(previous);
          previous = null;
        }
        if (first) {
          String trimmed = line.trim();
          if (trimmed.length() > 0) {
            buffer.append(trimmed);
          }
        } else {
          if (buffer.length() > 0) {
            buffer.append("\r\n");
          }
          buffer.append(line);
        }
      } else {
        if (previous != null) {
          headers.addHeaderLine(previous);
        } else if (buffer.length() > 0) {
          headers.addHeaderLine(buffer.toString());
          buffer.setLength(0);
        }
        previous = line;
      }
      first = false;
    } while (line != null && !isEmpty(line));
    return headers;
  }

  private static boolean isEmpty(String line) {
    return line.isEmpty() || (IGNORE_WHITESPACE_LINES && line.trim().isEmpty());
  }

  private static String decode(String subject) {
    if (subject == null) {
      return null;
    }
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(subject));
    } catch (UnsupportedEncodingException | RuntimeException e) {
      return subject;
    }
  }

  /** A UID set in IMAP syntax (RFC 3501 9, sequence-set), ranges collapsed. */
  public static String uidSet(List<Uid> uids) {
    StringBuilder set = new StringBuilder();
    long start = -1;
    long previous = -1;
    for (Uid uid : uids.stream().sorted().toList()) {
      long value = uid.value();
      if (start < 0) {
        start = previous = value;
      } else if (value == previous + 1 || value == previous) {
        previous = value;
      } else {
        appendRange(set, start, previous);
        start = previous = value;
      }
    }
    if (start >= 0) {
      appendRange(set, start, previous);
    }
    return set.toString();
  }

  private static void appendRange(StringBuilder set, long start, long end) {
    if (!set.isEmpty()) {
      set.append(',');
    }
    set.append(start);
    if (end != start) {
      set.append(':').append(end);
    }
  }
}
