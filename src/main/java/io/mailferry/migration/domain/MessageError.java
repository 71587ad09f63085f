package io.mailferry.migration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message that was not copied, and why. */
@Entity
@Table(name = "message_error")
public class MessageError {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "migration_id")
  private MailboxMigration migration;

  @Column(nullable = false)
  private String folder;

  @Column(name = "source_uid")
  private Long sourceUid;

  @Column(name = "message_id")
  private String messageId;

  private String subject;

  @Column(name = "size_bytes")
  private Long size;

  @Column(nullable = false)
  private String reason;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  @Column(nullable = false)
  private MessageErrorKind kind = MessageErrorKind.REFUSED;

  @Column(name = "run_number", nullable = false)
  private int runNumber;

  @Column(name = "uid_validity")
  private Long uidValidity;

  /** When a later run copied the message or tried it again; null while it stands. */
  @Column(name = "resolved_at")
  private Instant resolvedAt;

  protected MessageError() {}

  public MessageError(
      MailboxMigration migration,
      String folder,
      Long sourceUid,
      String messageId,
      String subject,
      Long size,
      String reason,
      MessageErrorKind kind,
      int runNumber,
      Long uidValidity) {
    this.kind = kind;
    this.runNumber = runNumber;
    this.uidValidity = uidValidity;
    this.migration = migration;
    this.folder = folder;
    this.sourceUid = sourceUid;
    this.messageId = cut(messageId);
    this.subject = cut(subject);
    this.size = size;
    this.reason =
        reason == null ? "unknown" : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    this.occurredAt = Instant.now();
  }

  private static String cut(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }

  public Long getId() {
    return id;
  }

  public String getFolder() {
    return folder;
  }

  public Long getSourceUid() {
    return sourceUid;
  }

  public String getMessageId() {
    return messageId;
  }

  public String getSubject() {
    return subject;
  }

  public Long getSize() {
    return size;
  }

  public String getReason() {
    return reason;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public MessageErrorKind getKind() {
    return kind;
  }

  public int getRunNumber() {
    return runNumber;
  }

  public Long getUidValidity() {
    return uidValidity;
  }

  public Instant getResolvedAt() {
    return resolvedAt;
  }
}
