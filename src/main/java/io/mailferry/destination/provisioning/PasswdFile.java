package io.mailferry.destination.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Dovecot passwd-file ({@code user:{SCHEME}hash:uid:gid:gecos:home:shell}), to which accounts are
 * added one line at a time. Each change takes an exclusive lock on {@code <file>.lock} (the file
 * itself is replaced, so it cannot carry the lock), writes the whole new content to a temporary
 * file in the same directory with the old file's permissions and owner, and renames it over the old
 * one: Dovecot (and another Mailferry instance) sees either the old or the new file, never half a
 * line.
 *
 * <p>Dovecot notices a change by the file's mtime in whole seconds, and checks at most once per
 * second: the new file's mtime is moved past the old one's second, and {@link #add} returns only
 * once the wall clock is in a later second than the write, so a login right after sees the user.
 */
public final class PasswdFile {

  private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;

  public PasswdFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  /**
   * {@code alice@example.org:{SHA512-CRYPT}$6$...:::::} — uid, gid and home from Dovecot's
   * defaults.
   */
  public static String line(String user, String schemeAndHash) {
    if (user.isEmpty() || user.chars().anyMatch(c -> c == ':' || c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("not a passwd-file user name: '" + user + "'");
    }
    if (schemeAndHash.chars().anyMatch(c -> c == ':' || c == '\n' || c == '\r')) {
      throw new IllegalArgumentException("a passwd-file password cannot hold ':' or a line break");
    }
    return user + ":" + schemeAndHash + ":::::";
  }

  /**
   * Adds the user unless a line for them exists (the user name compared without regard to case).
   *
   * @return true when the line was added, false when the user was there already
   * @throws UncheckedIOException when the file cannot be read, locked or replaced
   */
  public boolean add(String user, String schemeAndHash) {
    String line = line(user, schemeAndHash);
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    // A file lock keeps other processes out, but within one JVM it is held per process: threads
    // take the path's monitor first.
    boolean added;
    synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
      added = addLocked(user, line, lock);
    }
    if (added) {
      awaitNextSecond();
    }
    return added;
  }

  private boolean addLocked(String user, String line, Path lock) {
    try (FileChannel channel =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      List<String> lines =
          Files.exists(file)
              ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
              : new ArrayList<>();
      if (lines.stream().anyMatch(existing -> userOf(existing).equalsIgnoreCase(user))) {
        return false;
      }
      lines.add(line);
      replace(String.join("\n", lines) + "\n");
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot add " + user + " to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether a line for the user exists. */
  public boolean contains(String user) {
    try {
      return Files.exists(file)
          && Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .anyMatch(existing -> userOf(existing).equalsIgnoreCase(user));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String userOf(String line) {
    if (line.isBlank() || line.startsWith("#")) {
      return "";
    }
    int colon = line.indexOf(':');
    return colon < 0 ? line.trim() : line.substring(0, colon);
  }

  private void replace(String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      try (FileChannel sync = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        sync.force(true);
      }
      copyOwnership(temporary);
      FileTime now = FileTime.from(Instant.now());
      if (Files.exists(file)) {
        long oldSecond = Files.getLastModifiedTime(file).toMillis() / 1000;
        if (now.toMillis() / 1000 <= oldSecond) {
          now = FileTime.fromMillis((oldSecond + 1) * 1000);
        }
      }
      Files.setLastModifiedTime(temporary, now);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + file + " cannot rename atomically", e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The new file keeps the old one's mode and owner: Dovecot's auth process must read it. */
  private void copyOwnership(Path temporary) throws IOException {
    PosixFileAttributeView target =
        Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
    if (target == null) {
      return;
    }
    if (!Files.exists(file)) {
      // holds password hashes: Dovecot's group may read it, nobody else
      target.setPermissions(PosixFilePermissions.fromString("rw-r-----"));
      return;
    }
    PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
    target.setPermissions(old.permissions());
    try {
      target.setOwner(old.owner());
      target.setGroup(old.group());
    } catch (IOException e) {
      // not root: the file stays ours, with the old mode
    }
  }

  private static void awaitNextSecond() {
    long now = System.currentTimeMillis();
    try {
      Thread.sleep(1000 - now % 1000 + 5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
