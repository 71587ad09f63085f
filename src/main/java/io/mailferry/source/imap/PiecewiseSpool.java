package io.mailferry.source.imap;

import io.mailferry.imap.GrowingSpool;
import io.mailferry.imap.MessageContent;
import io.mailferry.imap.PipelinedCommands;
import io.mailferry.migration.domain.Uid;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * A large message read into a spool file in 256 KB pieces (BODY.PEEK[]&lt;offset.length&gt;, RFC
 * 3501 6.4.5), so that memory holds one piece whatever the message's size. The pieces its listed
 * size calls for are asked for at once, one round trip for the message; a message longer than
 * listed is read on piece by piece, and so is the rest of one whose server answers a piece with
 * less than asked before the listed end, until an answer is empty. Each piece is written where its
 * origin says, as a server may answer the FETCHes in any order.
 */
final class PiecewiseSpool {

  /**
   * Under half a G1 region (1 MB at a heap under 2 GB): each piece's answer is read into a fresh
   * array, and at 1 MB those were humongous objects that brought on full collections at -Xmx256m.
   */
  static final long PIECE = 256 * 1024;

  /**
   * Pieces asked for in one go (64 MB): their answers stream through one piece of memory at a time.
   */
  private static final int PIECES_AT_ONCE = 256;

  private final SourceSession session;
  private final OpenSourceFolder folder;

  PiecewiseSpool(SourceSession session, OpenSourceFolder folder) {
    this.session = session;
    this.folder = folder;
  }

  /** The FETCHes of the pieces a message of this listed size is first asked for in. */
  static List<String> firstPieces(Uid uid, long listedSize) {
    return pieces(uid, 0, atOnce(listedSize));
  }

  private static int atOnce(long listedSize) {
    return (int) Math.max(1, Math.min(PIECES_AT_ONCE, (listedSize + PIECE - 1) / PIECE));
  }

  private static List<String> pieces(Uid uid, long offset, int count) {
    List<String> commands = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      commands.add(
          "UID FETCH " + uid + " (UID BODY.PEEK[]<" + (offset + n * PIECE) + "." + PIECE + ">)");
    }
    return commands;
  }

  /**
   * The message in a spool file under {@code directory}; null when the server did not serve it all.
   */
  MessageContent spool(Uid uid, long listedSize, Path directory)
      throws MessagingException, IOException {
    return spool(uid, listedSize, directory, null, () -> {});
  }

  /**
   * As {@link #spool(Uid, long, Path)}; where {@code started} is given, the content is handed to it
   * as a {@link GrowingSpool} before the first piece is asked for, and may be appended while it is
   * read. {@code behind} writes what is read next behind the first pieces' FETCHes, before their
   * answers are read: a distant server then sends it without waiting for another round trip.
   */
  MessageContent spool(
      Uid uid, long listedSize, Path directory, Consumer<MessageContent> started, Runnable behind)
      throws MessagingException, IOException {
    Files.createDirectories(directory);
    Path file = Files.createTempFile(directory, "msg-", ".eml");
    GrowingSpool growing = started == null ? null : new GrowingSpool(file, listedSize);
    boolean served = false;
    try {
      if (growing != null) {
        started.accept(growing);
      }
      Long length;
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        int atOnce = atOnce(listedSize);
        length = readInto(out, uid, listedSize, atOnce, growing, behind);
        if (length == null && atOnce > 1) {
          if (growing != null) {
            growing.rewound();
          }
          out.truncate(0);
          length = readInto(out, uid, listedSize, 1, growing, null);
        }
        if (length != null && length >= 0) {
          out.truncate(length);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      served = length != null && length >= 0;
      if (!served) {
        return null;
      }
      if (growing == null) {
        return MessageContent.spooled(file);
      }
      // the last step: a growing spool's append may finish from here on, so nothing may fail after
      growing.complete(length);
      return growing;
    } finally {
      if (!served) {
        if (growing != null) {
          growing.fail("message " + uid + " was not read whole");
        }
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Reads the message piece by piece, {@code atOnce} at a time. The message's length; -1 when the
   * server did not serve it all; null when its answers did not say which piece they were.
   */
  private Long readInto(
      FileChannel out,
      Uid uid,
      long listedSize,
      int atOnce,
      GrowingSpool growing,
      Runnable firstBehind)
      throws MessagingException {
    long offset = 0;
    int count = atOnce;
    boolean servedShort = false;
    Runnable behind = firstBehind;
    while (true) {
      long[] received = readPieces(out, uid, offset, count, growing, behind);
      behind = null;
      if (received == null) {
        return null;
      }
      for (int n = 0; n < received.length; n++) {
        long piece = received[n];
        if (piece < 0) {
          // expunged meanwhile, or the server would not serve it: never half a message (after a
          // short piece, the end of a message listed longer than it is)
          return servedShort || offset >= Math.max(1, listedSize) ? offset : -1L;
        }
        offset += piece;
        boolean endsHere = offset >= listedSize || nothingAfter(received, n);
        if (piece == 0 || (piece < PIECE && !servedShort && endsHere)) {
          return offset;
        }
        if (piece < PIECE) {
          // less than asked, before the listed end with more after it or from a server that did
          // so before: one that serves its parts short, whose end is then only where it answers
          // with nothing; the rest is asked for from here on, one piece at a time
          servedShort = true;
          break;
        }
      }
      count = 1;
    }
  }

  /**
   * Whether the pieces asked for after piece {@code n} brought nothing; none asked for after it is
   * not yet known, so not nothing.
   */
  private static boolean nothingAfter(long[] received, int n) {
    if (n == received.length - 1) {
      return false;
    }
    for (int later = n + 1; later < received.length; later++) {
      if (received[later] > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The octets each piece brought (-1: none); null when two answers claimed the same piece. Where
   * {@code behind} is given (the first pieces), they may have been sent ahead, and it is written
   * behind them.
   */
  private long[] readPieces(
      FileChannel out, Uid uid, long offset, int count, GrowingSpool growing, Runnable behind)
      throws MessagingException {
    long[] received = new long[count];
    Arrays.fill(received, -1);
    boolean[] ambiguous = {false};
    PipelinedCommands.Receiver receiver =
        (pending, response) -> {
          BODY body = bodyOf(response, uid);
          if (body == null) {
            session.keepForAhead(response);
            return;
          }
          long origin = count == 1 ? offset : body.getOrigin();
          long piece = (origin - offset) / PIECE;
          if (origin < offset
              || (origin - offset) % PIECE != 0
              || piece >= count
              || received[(int) piece] >= 0) {
            ambiguous[0] = true;
            return;
          }
          received[(int) piece] = write(out, body.getByteArray(), origin);
          if (growing != null) {
            growing.written(origin, received[(int) piece]);
          }
        };
    // an opening written behind an earlier piece deselected the folder: it is selected again
    session.check(folder);
    boolean takenAhead =
        behind != null
            && offset == 0
            && session.takePiecesAhead(folder, uid, count, behind, receiver);
    if (!takenAhead) {
      List<String> commands = pieces(uid, offset, count);
      session.command(
          new SourceSession.Writing() {
            @Override
            public List<String> write(IMAPProtocol protocol) throws ProtocolException {
              return PipelinedCommands.write(protocol, commands);
            }

            @Override
            public Runnable behind() {
              return behind == null ? () -> {} : behind;
            }

            @Override
            public Object read(IMAPProtocol protocol, List<String> tags) throws ProtocolException {
              for (Response status :
                  PipelinedCommands.awaitAnswers(protocol, tags, receiver, commands.size())) {
                protocol.handleResult(status);
              }
              return null;
            }
          });
    }
    return ambiguous[0] ? null : received;
  }

  private static BODY bodyOf(Response response, Uid uid) {
    if (response instanceof FetchResponse fetch) {
      BODY body = fetch.getItem(BODY.class);
      UID fetched = fetch.getItem(UID.class);
      if (body != null && body.getByteArray() != null && fetched != null) {
        return fetched.uid == uid.value() ? body : null;
      }
    }
    return null;
  }

  private static long write(FileChannel out, ByteArray bytes, long position) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes.getBytes(), bytes.getStart(), bytes.getCount());
      long at = position;
      while (buffer.hasRemaining()) {
        at += out.write(buffer, at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.getCount();
  }
}
