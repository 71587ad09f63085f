package io.mailferry.benchmark;

import static io.mailferry.benchmark.RawImapConnection.quote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The destination side of {@link StreamingCopier}: a thread of its own writes the messages it is
 * given into MULTIAPPEND commands (RFC 3502) of up to 500 messages, with non-synchronizing literals
 * (LITERAL+, RFC 7888) when offered, never waiting for an answer; another thread reads the answers.
 * What it is given waits in a bounded queue of pieces of at most {@link #PIECE} octets, so a
 * message is never held whole and the source is read while the destination is busy.
 */
final class PipelinedAppender implements AutoCloseable {

  static final int PIECE = 64 * 1024;
  private static final int MESSAGES_PER_APPEND = 500;

  /** 256 pieces: at most 16 MB between the two servers. */
  private static final int QUEUED_PIECES = 256;

  /** One message's head: the pieces of its body follow. */
  private record Head(String folder, String flags, String date, long size) {}

  private record Body(byte[] octets, int length) {}

  private static final Object END = new Object();

  private final RawImapConnection destination;
  private final boolean literalPlus;
  private final BlockingQueue<Object> pieces = new ArrayBlockingQueue<>(QUEUED_PIECES);
  private final BlockingQueue<String> continuations = new LinkedBlockingQueue<>();
  private final List<String> refusals = new ArrayList<>();
  private final Thread writer;
  private final Thread answers;
  private volatile IOException writeFailure;
  private int sent;
  private int answered;
  private String openTag;
  private String openFolder;
  private int inCommand;

  PipelinedAppender(RawImapConnection destination) {
    this.destination = destination;
    this.literalPlus = destination.capabilities.contains(" LITERAL+");
    this.writer = new Thread(this::writeAll, "streaming-copier-appends");
    this.answers = new Thread(this::readAnswers, "streaming-copier-answers");
    writer.setDaemon(true);
    answers.setDaemon(true);
    answers.start();
    writer.start();
  }

  boolean literalPlus() {
    return literalPlus;
  }

  /** Starts a message of {@code size} octets; its body follows through {@link #body}. */
  void message(String folder, String flags, String date, long size)
      throws IOException, InterruptedException {
    put(new Head(folder, flags, date, size));
  }

  /** The next piece of the current message's body ({@code octets} is not reused). */
  void body(byte[] octets, int length) throws IOException, InterruptedException {
    put(new Body(octets, length));
  }

  /** Waits until every message is appended; fails when an APPEND was not OK. */
  void finish() throws IOException, InterruptedException {
    put(END);
    writer.join();
    if (writeFailure != null) {
      throw writeFailure;
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    synchronized (this) {
      while (answered < sent && answers.isAlive() && System.nanoTime() < deadline) {
        wait(1000);
      }
      if (answered < sent) {
        throw new IOException(
            "the destination answered " + answered + " of " + sent + " APPEND commands");
      }
      if (!refusals.isEmpty()) {
        throw new IOException("the destination refused APPENDs: " + refusals);
      }
    }
  }

  /** Stops the writing thread if it is still waiting for pieces (the source side failed). */
  @Override
  public void close() {
    writer.interrupt();
  }

  private void put(Object piece) throws IOException, InterruptedException {
    while (!pieces.offer(piece, 100, TimeUnit.MILLISECONDS)) {
      if (!writer.isAlive()) {
        throw new IOException("the destination side stopped", writeFailure);
      }
    }
  }

  private void writeAll() {
    OutputStream out = destination.out;
    try {
      while (true) {
        Object piece = pieces.poll();
        if (piece == null) {
          out.flush(); // nothing more to send for now: let the destination have what it has
          piece = pieces.take();
        }
        if (piece == END) {
          endCommand();
          out.flush();
          return;
        } else if (piece instanceof Head head) {
          writeHead(head);
        } else {
          Body body = (Body) piece;
          out.write(body.octets(), 0, body.length());
        }
      }
    } catch (IOException e) {
      writeFailure = e;
    } catch (InterruptedException e) {
      writeFailure = new IOException("interrupted", e);
    }
  }

  private void writeHead(Head head) throws IOException, InterruptedException {
    if (openTag != null
        && (!head.folder().equals(openFolder) || inCommand >= MESSAGES_PER_APPEND)) {
      endCommand();
    }
    OutputStream out = destination.out;
    if (openTag == null) {
      openTag = destination.nextTag();
      openFolder = head.folder();
      inCommand = 0;
      out.write((openTag + " APPEND " + quote(head.folder())).getBytes(StandardCharsets.UTF_8));
    }
    String line =
        " ("
            + head.flags()
            + ")"
            + (head.date() == null ? "" : " " + head.date())
            + " {"
            + head.size()
            + (literalPlus ? "+" : "")
            + "}\r\n";
    out.write(line.getBytes(StandardCharsets.US_ASCII));
    if (!literalPlus) {
      out.flush();
      String answer = continuations.poll(120, TimeUnit.SECONDS);
      if (answer == null || !answer.startsWith("+")) {
        throw new IOException("the destination did not invite the literal: " + answer);
      }
    }
    inCommand++;
  }

  private void endCommand() throws IOException {
    if (openTag != null) {
      destination.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      synchronized (this) {
        sent++;
      }
      openTag = null;
    }
  }

  private void readAnswers() {
    try {
      while (true) {
        String line = destination.readLine();
        if (line.startsWith("+")) {
          continuations.add(line);
        } else if (!line.startsWith("*")) {
          synchronized (this) {
            if (!line.contains(" OK ")) {
              refusals.add(line);
            }
            answered++;
            notifyAll();
          }
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        notifyAll();
      }
    }
  }
}
