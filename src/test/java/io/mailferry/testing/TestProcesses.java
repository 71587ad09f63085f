package io.mailferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the test servers: directories, free ports, users, child processes. */
final class TestProcesses {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestProcesses() {}

  /** Maven's {@code target} directory (failsafe passes {@code project.build.directory}). */
  static Path buildDirectory() {
    return Paths.get(System.getProperty("project.build.directory", "target")).toAbsolutePath();
  }

  static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  /** A port on 127.0.0.1 that was free a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** The name of the user this JVM runs as. */
  static String currentUser() {
    return new com.sun.security.auth.module.UnixSystem().getUsername();
  }

  /**
   * Runs a short command and returns its output; fails with the output if the exit code is not 0.
   */
  static String run(Duration timeout, String... command) {
    Result result = tryRun(timeout, command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with exit code "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
    return result.output();
  }

  record Result(int exitCode, String output) {}

  static Result tryRun(Duration timeout, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output;
      try (var in = process.getInputStream()) {
        output = in.readAllBytes();
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in " + timeout);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }

  /** The numeric uid and gid of a system user, or null if there is no such user. */
  static int[] ids(String user) {
    Result uid = tryRun(Duration.ofSeconds(10), "id", "-u", user);
    if (uid.exitCode() != 0) {
      return null;
    }
    String gid = run(Duration.ofSeconds(10), "id", "-g", user);
    return new int[] {Integer.parseInt(uid.output().trim()), Integer.parseInt(gid.trim())};
  }

  /** Creates a system user with its own group unless it exists (needs root). */
  static synchronized int[] ensureSystemUser(String user) {
    int[] ids = ids(user);
    if (ids != null) {
      return ids;
    }
    if (!isRoot()) {
      throw new IllegalStateException(
          "system user " + user + " does not exist and only root can create it");
    }
    Result created =
        tryRun(
            Duration.ofSeconds(30),
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            user);
    ids = ids(user); // another JVM may have created it in the meantime (useradd exit code 9)
    if (ids == null) {
      throw new IllegalStateException(
          "cannot create system user "
              + user
              + " (exit "
              + created.exitCode()
              + "): "
              + created.output());
    }
    return ids;
  }

  /** Gives a file or directory tree to a user and group. */
  static void chown(Path path, String user, boolean recursive) {
    try {
      UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal owner = lookup.lookupPrincipalByName(user);
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(groupOf(user));
      List<Path> paths = new ArrayList<>();
      if (recursive) {
        try (var walk = Files.walk(path)) {
          walk.forEach(paths::add);
        }
      } else {
        paths.add(path);
      }
      for (Path p : paths) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(owner);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + path + " to " + user, e);
    }
  }

  private static String groupOf(String user) {
    return run(Duration.ofSeconds(10), "id", "-gn", user).trim();
  }

  /** The last lines of a text file, or a note that it is missing. */
  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(" + file + " does not exist)";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return String.join("\n", last);
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** Sends a signal by number to one process (the JDK only sends TERM and KILL). */
  static void signal(ProcessHandle process, String signal) {
    tryRun(Duration.ofSeconds(10), "kill", "-s", signal, Long.toString(process.pid()));
  }

  /**
   * Stops a process and everything it started: {@code signal} to the process, up to {@code grace}
   * for it to exit, then TERM to whatever it left behind, and KILL for what is still there after
   * two more seconds.
   *
   * @return whether the process had exited by itself within {@code grace}
   */
  static boolean stopTree(Process process, String signal, Duration grace) {
    if (process == null) {
      return true;
    }
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    boolean exited = !process.isAlive();
    if (process.isAlive()) {
      if ("TERM".equals(signal)) {
        process.destroy();
      } else {
        signal(process.toHandle(), signal);
      }
      waitFor(process, grace);
      exited = !process.isAlive();
    }
    family.addAll(process.descendants().toList());
    family.removeIf(TestProcesses::isGone);
    family.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    for (ProcessHandle member : family) {
      while (!isGone(member) && System.nanoTime() < deadline) {
        sleep(10);
      }
    }
    family.forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    waitFor(process, Duration.ofSeconds(10));
    family.forEach(p -> waitFor(p, Duration.ofSeconds(5)));
    return exited;
  }

  /**
   * Exited, or a zombie: orphans are reaped by PID 1, which may take a while (and Java counts a
   * zombie as alive).
   */
  static boolean isGone(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | UncheckedIOException e) {
      return true; // no /proc entry: gone
    }
  }

  /** Kills a process and everything it started at once, like a crash (no clean shutdown). */
  static void killTree(Process process) {
    if (process == null || !process.isAlive()) {
      return;
    }
    signal(process.toHandle(), "STOP"); // no new children while we collect them
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitFor(process, Duration.ofSeconds(10));
    family.forEach(p -> waitFor(p, Duration.ofSeconds(5)));
  }

  /** Waits for our own child: Process.waitFor also reaps it, so isAlive() is false after. */
  private static void waitFor(Process process, Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isGone(process) && System.nanoTime() < deadline) {
      sleep(10);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
