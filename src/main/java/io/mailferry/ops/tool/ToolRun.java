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

  /** A long mailbox must not fill the heap with its log. */
  static final int MAX_LINES = 20_000;

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
  private final List<String> log = new ArrayList<>();
  private final List<FolderComparison> folders = new ArrayList<>();
  private volatile Status status = Status.RUNNING;
  private volatile String message = "Running";
  private int dropped;

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
    if (log.size() >= MAX_LINES) {
      dropped++;
      return;
    }
    log.add(TIME.format(Instant.now()) + "  " + safe);
  }

  synchronized void folder(FolderComparison folder) {
    folders.add(folder);
  }

  void finish(Status end, String text) {
    log(end == Status.COMPLETED ? "Done: " + text : "Stopped: " + text);
    message = text;
    status = end;
  }

  /** The log from line {@code after} on (0 for all). */
  public synchronized List<String> log(int after) {
    List<String> lines =
        new ArrayList<>(log.subList(Math.min(Math.max(0, after), log.size()), log.size()));
    if (dropped > 0 && status != Status.RUNNING) {
      lines.add("(" + dropped + " more lines were not kept)");
    }
    return lines;
  }

  public synchronized int lineCount() {
    return log.size();
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
