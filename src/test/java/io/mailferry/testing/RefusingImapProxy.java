package io.mailferry.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy on 127.0.0.1 in front of an IMAP server that answers some APPEND commands itself, the way
 * a loaded or strict server would ({@code NO [UNAVAILABLE]}, {@code NO [TOOBIG]}, {@code NO
 * [TRYCREATE]}), some FETCHes of message bodies, and any other command its {@link CommandPolicy}
 * answers, without passing them on. It reads each client command whole, literals included (RFC 3501
 * 4.3; a synchronising literal is acknowledged by the proxy and passed on as LITERAL+, RFC 7888),
 * and asks its {@link Policy} what to do with it.
 */
public final class RefusingImapProxy implements AutoCloseable {

  /** Decides on one APPEND: null passes it on, anything else is the answer after the tag. */
  public interface Policy {
    String answer(String command, byte[] whole, int appendNumber);

    Policy PASS = (command, whole, n) -> null;
  }

  /**
   * Decides on one FETCH of message bodies ({@code BODY.PEEK[]}, whole or in part) by its UID set:
   * null passes it on, anything else is the answer after the tag.
   */
  public interface FetchPolicy {
    String answer(String uidSet);

    FetchPolicy PASS = uidSet -> null;
  }

  /**
   * Decides on any other command by its text after the tag: null passes it on, anything else is the
   * answer after the tag.
   */
  public interface CommandPolicy {
    String answer(String command);

    CommandPolicy PASS = command -> null;
  }

  /**
   * A FETCH of message bodies, by UID or by sequence number; the proxy does not follow the mailbox,
   * so a sequence set is judged as if its numbers were UIDs (in the tests' folders, written once
   * and never expunged, they are).
   */
  private static final Pattern BODY_FETCH =
      Pattern.compile("^(?:UID )?FETCH (\\S+) .*BODY\\.PEEK\\[\\]", Pattern.CASE_INSENSITIVE);

  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}$");

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicInteger appends = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile Policy policy = Policy.PASS;
  private volatile FetchPolicy fetchPolicy = FetchPolicy.PASS;
  private final AtomicInteger refusedFetches = new AtomicInteger();
  private volatile CommandPolicy commandPolicy = CommandPolicy.PASS;
  private volatile boolean dropLogins;
  private final AtomicInteger logins = new AtomicInteger();

  /** A capability the server's greeting and CAPABILITY answers no longer name, or null. */
  private volatile String hiddenCapability;

  /** When set, a message body in a FETCH answer is announced with this size instead. */
  private volatile long announcedBodySize = -1;

  public RefusingImapProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::accept, "refusing-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void policy(Policy policy) {
    this.policy = policy;
  }

  /** Answers body FETCHes of the source's messages by this policy from now on. */
  public void fetchPolicy(FetchPolicy policy) {
    this.fetchPolicy = policy;
  }

  /** Answers the commands that are neither APPEND nor a body FETCH by this policy from now on. */
  public void commandPolicy(CommandPolicy policy) {
    this.commandPolicy = policy;
  }

  /** How many body FETCHes the proxy answered itself. */
  public int refusedFetches() {
    return refusedFetches.get();
  }

  /** Whether an IMAP sequence set of UIDs ({@code 1:5,9,12:*}) includes this UID. */
  public static boolean covers(String uidSet, long uid) {
    for (String part : uidSet.split(",")) {
      String[] range = part.split(":");
      long from = range[0].equals("*") ? Long.MAX_VALUE : Long.parseLong(range[0]);
      long to =
          range.length == 1
              ? from
              : range[1].equals("*") ? Long.MAX_VALUE : Long.parseLong(range[1]);
      if (Math.min(from, to) <= uid && uid <= Math.max(from, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes the server lie: the next message body a FETCH returns is announced as {@code size} bytes
   * (RFC 3501 literal), and the connection ends after that line.
   */
  public void announceBodiesAs(long size) {
    this.announcedBodySize = size;
  }

  /**
   * From now on, a LOGIN (or AUTHENTICATE, which Angus Mail prefers) closes the connection without
   * an answer, like a server counting failed logins.
   */
  public void dropLogins(boolean drop) {
    this.dropLogins = drop;
  }

  /** Makes the server seem to lack a capability: its name is taken out of every CAPABILITY list. */
  public void hideCapability(String capability) {
    this.hiddenCapability = capability;
  }

  /** How many LOGIN or AUTHENTICATE commands reached the proxy. */
  public int logins() {
    return logins.get();
  }

  /** How many APPEND commands the proxy answered itself. */
  public int refused() {
    return refused.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket();
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        OutputStream toClient = client.getOutputStream();
        Thread down =
            new Thread(
                () -> {
                  if (announcedBodySize >= 0) {
                    answers(target, client, toClient);
                  } else {
                    pump(target, client, toClient);
                  }
                },
                "refusing-proxy-down");
        down.setDaemon(true);
        down.start();
        Thread up = new Thread(() -> commands(client, target, toClient), "refusing-proxy-up");
        up.setDaemon(true);
        up.start();
      } catch (IOException e) {
        // closed, or one connection failed: the client sees a closed socket
      }
    }
  }

  /**
   * Passes the server's answers on one whole response at a time (its lines and literals), so that
   * an answer the proxy gives itself, to a command sent while others are outstanding, comes between
   * two responses and never inside one.
   */
  private void pump(Socket from, Socket to, OutputStream toClient) {
    try (from;
        to) {
      InputStream in = new BufferedInputStream(from.getInputStream(), 65536);
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      while (true) {
        byte[] line = readLine(in);
        if (line == null) {
          return;
        }
        response.write(line);
        Matcher literal =
            LITERAL.matcher(new String(line, StandardCharsets.ISO_8859_1).stripTrailing());
        if (literal.find()) {
          response.write(in.readNBytes(Integer.parseInt(literal.group(1))));
          continue;
        }
        if (hiddenCapability != null && response.size() == line.length) {
          String text = response.toString(StandardCharsets.ISO_8859_1);
          if (text.contains("CAPABILITY ")) {
            response.reset();
            response.write(
                text.replace(" " + hiddenCapability + " ", " ")
                    .replace(" " + hiddenCapability + "]", "]")
                    .replace(" " + hiddenCapability + "\r", "\r")
                    .getBytes(StandardCharsets.ISO_8859_1));
          }
        }
        synchronized (toClient) {
          response.writeTo(toClient);
          toClient.flush();
        }
        response.reset();
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private static final Pattern BODY_LITERAL =
      Pattern.compile("^\\* \\d+ FETCH .*BODY\\[\\](<\\d+>)? \\{(\\d+)\\}$");

  /** Server answers line by line, lying about the size of the first message body. */
  private void answers(Socket from, Socket to, OutputStream toClient) {
    try (from;
        to) {
      InputStream in = from.getInputStream();
      while (true) {
        byte[] line = readLine(in);
        if (line == null) {
          return;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
        Matcher body = BODY_LITERAL.matcher(text);
        if (body.find()) {
          String lie = text.substring(0, body.start(2) - 1) + "{" + announcedBodySize + "}\r\n";
          synchronized (toClient) {
            toClient.write(lie.getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
          }
          return;
        }
        byte[] literal = new byte[0];
        Matcher size = LITERAL.matcher(text);
        if (size.find()) {
          literal = in.readNBytes(Integer.parseInt(size.group(1)));
        }
        synchronized (toClient) {
          toClient.write(line);
          toClient.write(literal);
          toClient.flush();
        }
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private void commands(Socket client, Socket target, OutputStream toClient) {
    try (client;
        target) {
      InputStream in = client.getInputStream();
      OutputStream toServer = target.getOutputStream();
      while (true) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        String first = null;
        while (true) {
          byte[] line = readLine(in);
          if (line == null) {
            return;
          }
          String text = new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
          if (first == null) {
            first = text;
          }
          Matcher literal = LITERAL.matcher(text);
          if (!literal.find()) {
            whole.write(line);
            break;
          }
          int size = Integer.parseInt(literal.group(1));
          if (literal.group(2).isEmpty()) {
            synchronized (toClient) {
              toClient.write("+ go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
              toClient.flush();
            }
            String plus = text.substring(0, literal.start()) + "{" + size + "+}\r\n";
            whole.write(plus.getBytes(StandardCharsets.ISO_8859_1));
          } else {
            whole.write(line);
          }
          whole.write(in.readNBytes(size));
        }
        String[] words = first.split(" ", 3);
        if (words.length >= 2
            && Set.of("LOGIN", "AUTHENTICATE").contains(words[1].toUpperCase(Locale.ROOT))) {
          logins.incrementAndGet();
          if (dropLogins) {
            return;
          }
        }
        String answer = null;
        boolean isAppend = words.length >= 2 && words[1].equalsIgnoreCase("APPEND");
        if (isAppend) {
          answer = policy.answer(first, whole.toByteArray(), appends.incrementAndGet());
          if (answer != null) {
            refused.incrementAndGet();
          }
        }
        Matcher bodyFetch =
            words.length == 3 ? BODY_FETCH.matcher(words[1] + " " + words[2]) : null;
        boolean isBodyFetch = bodyFetch != null && bodyFetch.find();
        if (isBodyFetch) {
          answer = fetchPolicy.answer(bodyFetch.group(1));
          if (answer != null) {
            refusedFetches.incrementAndGet();
          }
        }
        if (answer == null && words.length >= 2 && !isAppend && !isBodyFetch) {
          answer = commandPolicy.answer(first.substring(words[0].length() + 1));
        }
        if (answer != null) {
          synchronized (toClient) {
            toClient.write((words[0] + " " + answer + "\r\n").getBytes(StandardCharsets.UTF_8));
            toClient.flush();
          }
        } else {
          toServer.write(whole.toByteArray());
          toServer.flush();
        }
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      line.write(b);
      if (previous == '\r' && b == '\n') {
        return line.toByteArray();
      }
      previous = b;
    }
  }

  /** Whether the command's bytes contain this text (a header of one of its messages). */
  public static boolean contains(byte[] whole, String text) {
    return new String(whole, StandardCharsets.ISO_8859_1).contains(text);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
