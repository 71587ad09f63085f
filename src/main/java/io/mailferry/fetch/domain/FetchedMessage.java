package io.mailferry.fetch.domain;

import io.mailferry.migration.domain.Fingerprint;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One POP3 message in a fetch's ledger. It is written APPENDING (with the fingerprint and the
 * INTERNALDATE it is sent with, and the destination folder's UIDNEXT) and committed before the
 * APPEND, then FETCHED after it: a run that finds an APPENDING entry after a crash looks for the
 * fingerprint on the destination instead of appending the message again. REFUSED entries (the
 * destination said no) are tried again by the next run.
 */
@Entity
@Table(name = "pop3_fetched_message")
public class FetchedMessage {

  public enum State {
    APPENDING,
    FETCHED,
    REFUSED
  }

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(name = "fetch_id", nullable = false)
  private long fetchId;

  @Column(name = "message_key", nullable = false, length = 100)
  private String messageKey;

  @Column(nullable = false, length = 64)
  private String fingerprint;

  @Column(name = "internal_date", nullable = false)
  private Instant internalDate;

  @Column(name = "message_size", nullable = false)
  private long size;

  @Column(length = 255)
  private String subject;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private State state;

  @Column(name = "destination_uid_next")
  private Long destinationUidNext;

  @Column(name = "destination_uid")
  private Long destinationUid;

  @Column(length = 1000)
  private String reason;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  protected FetchedMessage() {}

  public FetchedMessage(
      long fetchId,
      MessageKey key,
      Fingerprint fingerprint,
      Instant internalDate,
      long size,
      String subject,
      Long destinationUidNext,
      Instant now) {
    this.fetchId = fetchId;
    this.messageKey = key.value();
    this.fingerprint = fingerprint.value();
    this.internalDate = internalDate;
    this.size = size;
    this.subject = subject == null || subject.length() <= 255 ? subject : subject.substring(0, 255);
    this.destinationUidNext = destinationUidNext;
    this.state = State.APPENDING;
    this.recordedAt = now;
  }

  /** Sent again: the new fingerprint and date, APPENDING until the destination answers. */
  public void appendingAgain(
      Fingerprint fingerprint, Instant internalDate, long size, Long uidNext, Instant now) {
    this.fingerprint = fingerprint.value();
    this.internalDate = internalDate;
    this.size = size;
    this.destinationUidNext = uidNext;
    this.state = State.APPENDING;
    this.reason = null;
    this.recordedAt = now;
  }

  public void fetched(Long destinationUid, Instant now) {
    this.state = State.FETCHED;
    this.destinationUid = destinationUid;
    this.reason = null;
    this.recordedAt = now;
  }

  public void refused(String reason, Instant now) {
    this.state = State.REFUSED;
    this.reason = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    this.recordedAt = now;
  }

  public MessageKey key() {
    return new MessageKey(messageKey);
  }

  public Fingerprint fingerprint() {
    return new Fingerprint(fingerprint);
  }

  public long getFetchId() {
    return fetchId;
  }

  public Instant getInternalDate() {
    return internalDate;
  }

  public long getSize() {
    return size;
  }

  public String getSubject() {
    return subject;
  }

  public State getState() {
    return state;
  }

  public Long getDestinationUidNext() {
    return destinationUidNext;
  }

  public Long getDestinationUid() {
    return destinationUid;
  }

  public String getReason() {
    return reason;
  }

  public Instant getRecordedAt() {
    return recordedAt;
  }
}
