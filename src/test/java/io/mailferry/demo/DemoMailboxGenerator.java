package io.mailferry.demo;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds the demo mailboxes deterministically: the same seed gives byte-identical messages, flags
 * and INTERNALDATEs on every start. Messages are built as raw RFC 5322 text (own boundaries and
 * Message-IDs), so nothing depends on the host name or the clock.
 */
final class DemoMailboxGenerator {

  /** Custom IMAP keyword put on some messages (besides the system flags and $Forwarded). */
  static final String KEYWORD = "ProjectFerry";

  static final String FORWARDED = "$Forwarded";

  /**
   * A folder to seed: IMAP name (GreenMail's hierarchy delimiter is '.'), message count and date
   * range.
   */
  record FolderPlan(String name, int count, int fromYear, int toYear, Kind kind) {}

  enum Kind {
    RECEIVED,
    SENT,
    DRAFT,
    ARCHIVE,
    INVOICES,
    EMPTY
  }

  /** One message ready to append: raw bytes, flags and INTERNALDATE. */
  record DemoMessage(byte[] raw, Flags flags, java.util.Date internalDate) {}

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  private static final String[][] CONTACTS = {
    {"Jonas Weber", "jonas.weber@example.com"},
    {"Jürgen Müller", "j.mueller@example.de"},
    {"Maria García", "maria.garcia@example.es"},
    {"Priya Raman", "priya@example.org"},
    {"Tom O'Neill", "tom.oneill@example.net"},
    {"Søren Kierkegaard", "soren@example.dk"},
    {"Harbour Office", "office@harbour.example.com"},
    {"Ferry Tickets", "no-reply@tickets.example.com"},
    {"Chloé Dubois", "chloe.dubois@example.fr"},
    {"Ahmed Haddad", "ahmed.haddad@example.org"},
    {"Accounting", "billing@supplier.example.net"},
    {"Newsletter", "news@lighthouse.example.org"},
  };

  private static final String[] TOPICS = {
    "ferry schedule", "harbour fees", "crew rota", "dock maintenance", "summer timetable",
    "ticket prices", "life jackets", "engine service", "weather warning", "passenger survey",
    "quarterly report", "budget 2020", "new pier", "staff party", "insurance renewal",
  };

  private static final String[] UMLAUT_SUBJECTS = {
    "Grüße aus München",
    "Café-Termin am Donnerstag",
    "Überfahrt nach Föhr",
    "Smörgåsbord für das Team",
    "Änderung der Öffnungszeiten",
    "Réunion à Brest – ordre du jour",
  };

  private static final String[] WORDS =
      ("the ferry leaves harbour at seven and returns before noon while the crew checks ropes"
              + " engines tickets passengers weather tide schedule dock captain deck cargo bicycles"
              + " cars island mainland please confirm whether we can move the meeting to next week"
              + " because the boat is in service attached you will find the updated plan let me know"
              + " if anything is missing thanks again regards best wishes cheers budget invoice"
              + " payment order delivery report summary notes agenda Überfahrt Fähre Grüße Mittwoch"
              + " Hafen Wetter Schiff Brücke Gebühr café naïve coöperation")
          .split(" ");

  private DemoMailboxGenerator() {}

  /** The folders every demo user gets; counts vary a little per user but stay deterministic. */
  static List<FolderPlan> folderPlans(Random rnd) {
    List<FolderPlan> plans = new ArrayList<>();
    plans.add(new FolderPlan("INBOX", 110 + rnd.nextInt(30), 2022, 2024, Kind.RECEIVED));
    plans.add(new FolderPlan("Sent", 50 + rnd.nextInt(20), 2015, 2024, Kind.SENT));
    plans.add(new FolderPlan("Drafts", 3 + rnd.nextInt(4), 2024, 2024, Kind.DRAFT));
    plans.add(new FolderPlan("Archive", 30 + rnd.nextInt(15), 2015, 2018, Kind.ARCHIVE));
    plans.add(new FolderPlan("Archive.2019", 35 + rnd.nextInt(15), 2019, 2019, Kind.ARCHIVE));
    plans.add(new FolderPlan("Projects", 3 + rnd.nextInt(4), 2020, 2021, Kind.ARCHIVE));
    plans.add(
        new FolderPlan("Projects.Ferry Plans", 15 + rnd.nextInt(10), 2020, 2024, Kind.RECEIVED));
    plans.add(
        new FolderPlan(
            DemoMailServers.INVOICES_FOLDER, 10 + rnd.nextInt(6), 2015, 2024, Kind.INVOICES));
    plans.add(new FolderPlan("Templates", 0, 2024, 2024, Kind.EMPTY));
    return plans;
  }

  /**
   * Messages of one folder, in ascending date order (the order they are appended, i.e. UID order).
   */
  static List<DemoMessage> messages(Random rnd, String user, FolderPlan plan, int bigAttachments) {
    List<ZonedDateTime> dates = new ArrayList<>();
    long from = LocalDate.of(plan.fromYear(), 1, 1).atStartOfDay(ZONE).toEpochSecond();
    long to = LocalDate.of(plan.toYear(), 12, 31).atTime(23, 0).atZone(ZONE).toEpochSecond();
    for (int i = 0; i < plan.count(); i++) {
      long t = from + (long) (rnd.nextDouble() * (to - from));
      dates.add(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(t), ZONE));
    }
    dates.sort(Comparator.naturalOrder());
    List<DemoMessage> result = new ArrayList<>();
    for (int i = 0; i < dates.size(); i++) {
      boolean big = i < bigAttachments;
      boolean recent = i >= dates.size() - 15;
      result.add(message(rnd, user, plan, i, dates.get(i), big, recent));
    }
    return result;
  }

  private static DemoMessage message(
      Random rnd,
      String user,
      FolderPlan plan,
      int index,
      ZonedDateTime date,
      boolean bigAttachment,
      boolean recent) {
    String userAddr = user + "@" + DemoMailServers.DOMAIN;
    String userName = Character.toUpperCase(user.charAt(0)) + user.substring(1) + " Demo";
    String[] contact = CONTACTS[rnd.nextInt(CONTACTS.length)];
    String subject = subject(rnd, plan, date);
    boolean outgoing = plan.kind() == Kind.SENT || plan.kind() == Kind.DRAFT;
    String fromHdr = outgoing ? address(userName, userAddr) : address(contact[0], contact[1]);
    String toHdr = outgoing ? address(contact[0], contact[1]) : address(userName, userAddr);
    String senderDomain = (outgoing ? userAddr : contact[1]).replaceAll(".*@", "");
    String messageId =
        String.format(
            "<%s.%04d.%s@%s>",
            date.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")),
            index,
            Integer.toHexString(rnd.nextInt(0x10000)),
            senderDomain);

    StringBuilder h = new StringBuilder();
    h.append("Return-Path: <").append(outgoing ? userAddr : contact[1]).append(">\r\n");
    h.append("Message-ID: ").append(messageId).append("\r\n");
    h.append("Date: ").append(date.format(RFC_5322)).append("\r\n");
    h.append("From: ").append(fromHdr).append("\r\n");
    h.append("To: ").append(toHdr).append("\r\n");
    if (rnd.nextInt(5) == 0) {
      String[] cc = CONTACTS[rnd.nextInt(CONTACTS.length)];
      h.append("Cc: ").append(address(cc[0], cc[1])).append("\r\n");
    }
    h.append("Subject: ").append(encodeHeader(subject)).append("\r\n");
    if (subject.startsWith("Re: ")) {
      h.append("In-Reply-To: <thread.")
          .append(rnd.nextInt(1000))
          .append("@")
          .append(senderDomain)
          .append(">\r\n");
    }
    h.append("MIME-Version: 1.0\r\n");
    if (outgoing) {
      h.append("User-Agent: Mailferry demo generator\r\n");
    }

    // Sizes skew small: most messages 1-10 KB, some up to 50 KB.
    int targetSize = 1024 + (int) (49 * 1024 * Math.pow(rnd.nextDouble(), 3));
    String text = bodyText(rnd, targetSize, contact[0], userName, outgoing);
    String boundary = "=_mf_" + Long.toHexString(rnd.nextLong() & Long.MAX_VALUE);
    ByteArrayOutputStream out = new ByteArrayOutputStream(targetSize + 1024);
    try {
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
      boolean invoiceAttachment = plan.kind() == Kind.INVOICES && rnd.nextInt(3) == 0;
      if (bigAttachment || invoiceAttachment) {
        int attachmentSize =
            bigAttachment ? 200 * 1024 + rnd.nextInt(8 * 1024) : 4 * 1024 + rnd.nextInt(20 * 1024);
        String name =
            (plan.kind() == Kind.INVOICES ? "Rechnung-" : "ferry-plan-")
                + date.getYear()
                + "-"
                + String.format("%03d", index + 1)
                + ".pdf";
        writeAscii(
            out,
            "Content-Type: multipart/mixed; boundary=\""
                + boundary
                + "\"\r\n\r\n"
                + "This is a multi-part message in MIME format.\r\n"
                + "--"
                + boundary
                + "\r\n");
        writeTextPart(out, text);
        writeAscii(
            out,
            "--"
                + boundary
                + "\r\n"
                + "Content-Type: application/pdf; name=\""
                + name
                + "\"\r\n"
                + "Content-Disposition: attachment; filename=\""
                + name
                + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        byte[] pdf = new byte[attachmentSize];
        rnd.nextBytes(pdf);
        byte[] magic = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, pdf, 0, magic.length);
        try (OutputStream b64 = MimeUtility.encode(new NonClosing(out), "base64")) {
          b64.write(pdf);
        }
        writeAscii(out, "\r\n--" + boundary + "--\r\n");
      } else if (rnd.nextInt(8) == 0) {
        writeAscii(
            out,
            "Content-Type: multipart/alternative; boundary=\""
                + boundary
                + "\"\r\n\r\n"
                + "--"
                + boundary
                + "\r\n");
        writeTextPart(out, text);
        writeAscii(
            out,
            "--"
                + boundary
                + "\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        String html =
            "<html><body><p>"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace("\r\n\r\n", "</p>\r\n<p>")
                + "</p></body></html>";
        try (OutputStream qp = MimeUtility.encode(new NonClosing(out), "quoted-printable")) {
          qp.write(html.getBytes(StandardCharsets.UTF_8));
        }
        writeAscii(out, "\r\n--" + boundary + "--\r\n");
      } else {
        writeTextPart(out, text);
      }
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException(e);
    }

    Flags flags = flags(rnd, plan.kind(), recent);
    java.util.Date internalDate =
        java.util.Date.from(date.plusSeconds(5 + rnd.nextInt(600)).toInstant());
    return new DemoMessage(out.toByteArray(), flags, internalDate);
  }

  private static Flags flags(Random rnd, Kind kind, boolean recent) {
    Flags f = new Flags();
    switch (kind) {
      case SENT -> f.add(Flags.Flag.SEEN);
      case DRAFT -> {
        f.add(Flags.Flag.SEEN);
        f.add(Flags.Flag.DRAFT);
      }
      default -> {
        // old mail is nearly all read; the newest INBOX messages are half unread
        if (rnd.nextInt(100) < (recent && kind == Kind.RECEIVED ? 45 : 93)) {
          f.add(Flags.Flag.SEEN);
        }
        if (rnd.nextInt(100) < 15) {
          f.add(Flags.Flag.ANSWERED);
        }
        if (rnd.nextInt(100) < 7) {
          f.add(Flags.Flag.FLAGGED);
        }
        if (rnd.nextInt(100) < 5) {
          f.add(FORWARDED);
        }
        if (rnd.nextInt(100) < 8) {
          f.add(KEYWORD);
        }
      }
    }
    return f;
  }

  private static String subject(Random rnd, FolderPlan plan, ZonedDateTime date) {
    if (plan.kind() == Kind.INVOICES) {
      String[] kinds = {
        "Rechnung Nr. %d-%03d",
        "Zahlungserinnerung – Rechnung %d-%03d",
        "Invoice %d-%03d",
        "Mahnung: offener Betrag %d/%03d"
      };
      return String.format(kinds[rnd.nextInt(kinds.length)], date.getYear(), 1 + rnd.nextInt(999));
    }
    if (rnd.nextInt(7) == 0) {
      return UMLAUT_SUBJECTS[rnd.nextInt(UMLAUT_SUBJECTS.length)];
    }
    String topic = TOPICS[rnd.nextInt(TOPICS.length)];
    String s =
        switch (rnd.nextInt(5)) {
          case 0 -> "Question about the " + topic;
          case 1 ->
              "Notes: "
                  + topic
                  + " ("
                  + date.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                  + ")";
          case 2 -> "Update on " + topic;
          case 3 -> capitalize(topic) + " " + date.getYear();
          default -> "FYI: " + topic;
        };
    if (plan.kind() != Kind.DRAFT && rnd.nextInt(3) == 0) {
      s = (rnd.nextInt(4) == 0 ? "Fwd: " : "Re: ") + s;
    }
    return s;
  }

  private static String bodyText(
      Random rnd, int targetSize, String to, String from, boolean outgoing) {
    StringBuilder b = new StringBuilder(targetSize + 200);
    b.append("Hello ").append((outgoing ? to : from).split(" ")[0]).append(",\r\n\r\n");
    int line = 0;
    while (b.length() < targetSize) {
      String w = WORDS[rnd.nextInt(WORDS.length)];
      if (line + w.length() > 72) {
        b.append("\r\n");
        line = 0;
        if (rnd.nextInt(6) == 0) {
          b.append("\r\n");
        }
      } else if (line > 0) {
        b.append(' ');
        line++;
      }
      b.append(w);
      line += w.length();
    }
    b.append("\r\n\r\n-- \r\n").append(outgoing ? from : to).append("\r\n");
    return b.toString();
  }

  private static void writeTextPart(OutputStream out, String text) throws IOException {
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(text);
    writeAscii(
        out,
        "Content-Type: text/plain; charset="
            + (ascii ? "us-ascii" : "UTF-8")
            + "\r\n"
            + "Content-Transfer-Encoding: "
            + (ascii ? "7bit" : "8bit")
            + "\r\n\r\n");
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String address(String name, String email) {
    try {
      return new InternetAddress(email, name, "UTF-8").toString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encodeHeader(String value) {
    try {
      return MimeUtility.fold(9, MimeUtility.encodeText(value, "UTF-8", "Q"));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static void writeAscii(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Lets an encoder stream be closed (to flush its last line) without closing the message buffer.
   */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
