package io.mailferry.restore.application;

import java.time.Instant;
import java.util.List;

/** A restoration as the API and the screen show it. */
public record RestorationView(
    long id,
    String email,
    String kind,
    String from,
    String status,
    String statusMessage,
    String account,
    long messages,
    long appended,
    long present,
    long refused,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<Folder> folders,
    List<Error> errors) {

  /** One folder: the source's messages, appended, found on the destination, refused. */
  public record Folder(
      String name,
      String destination,
      long messages,
      long appended,
      long present,
      long refused,
      boolean finished) {}

  /** A message the destination refused. */
  public record Error(String folder, String item, String reason, Instant time) {}
}
