package io.mailferry.ops.tool;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of the tool: its status, the per-folder result and the log, which anyone may read while
 * it grows. Secrets given to the run are replaced in every line before it is kept.
 */
public final class ToolRun {

  /**
   * A long mailbox must not fill the heap with its log: the first lines (connections, TLS,
   * capabilities, folder mappings) and the newest ones (where it stands, how it ended) are kept.
   */
  static final int HEAD_LINES = 2_000;

  static final int TAIL_LINES = 18_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

  public enum Status {
    RUNNING,
    COMPLETED,
    ERROR
  }

  private final String id;
  private final String mode;
  private final String email;
  private final Instant startedAt = Instant.now();
  private final List<String> secrets = new ArrayList<>();
  private final List<String> head = new ArrayList<>();
  private final java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();

  /** Lines logged in all, kept or not: line numbers for {@code ?after=N}. */
  private int logged;

  private final List<FolderComparison> folders = new ArrayList<>();
  private volatile Status status = Status.RUNNING;
  private volatile String message = "Running";

  ToolRun(String id, String mode, String email) {
    this.id = id;
    this.mode = mode;
    this.email = email;
  }

  synchronized void secret(String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  public synchronized void log(String line) {
    String safe = line;
    for (String secret : secrets) {
      safe = safe.replace(secret, "•••");
    }
    String stamped = TIME.format(Instant.now()) + "  " + safe;
    logged++;
    if (head.size() < HEAD_LINES) {
      head.add(stamped);
      return;
    }
    tail.addLast(stamped);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
  }

  synchronized void folder(FolderComparison folder) {
    folders.add(folder);
  }

  void finish(Status end, String text) {
    log(end == Status.COMPLETED ? "Done: " + text : "Stopped: " + text);
    message = text;
    status = end;
  }

  /** The log from line {@code after} on (0 for all), with a note where lines were not kept. */
  public synchronized List<String> log(int after) {
    int from = Math.max(0, after);
    List<String> lines = new ArrayList<>();
    if (from < head.size()) {
      lines.addAll(head.subList(from, head.size()));
    }
    int tailStart = logged - tail.size();
    int skipped = tailStart - Math.max(from, head.size());
    if (skipped > 0) {
      lines.add("(" + skipped + " lines were not kept here: the first and the newest are)");
    }
    int fromTail = Math.max(0, from - tailStart);
    int i = 0;
    for (String line : tail) {
      if (i++ >= fromTail) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Lines logged so far, kept or not; {@code log(lineCount())} is empty. */
  public synchronized int lineCount() {
    return logged;
  }

  public synchronized List<FolderComparison> folders() {
    return List.copyOf(folders);
  }

  /** A name for the log as a file: the mailbox's address, or the run's id. */
  public String fileName() {
    String name = email == null ? id : email.replaceAll("[^A-Za-z0-9@._-]", "_");
    return "mailferry-imap-tool-" + mode + "-" + name + ".log";
  }

  public String id() {
    return id;
  }

  public String mode() {
    return mode;
  }

  public String email() {
    return email;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Status status() {
    return status;
  }

  public String message() {
    return message;
  }
}
