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

/**
 * How far one source folder has been copied. It commits in the same transaction as the messages it
 * counts, so after a crash it names exactly what is safely on the destination.
 */
@Entity
@Table(name = "folder_checkpoint")
public class FolderCheckpoint {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "migration_id")
  private MailboxMigration migration;

  @Column(name = "source_name", nullable = false)
  private String sourceName;

  @Column(name = "destination_name", nullable = false)
  private String destinationName;

  /** Copy order: INBOX first, then Sent and Drafts, then the rest. */
  @Column(nullable = false)
  private int position;

  @Column(name = "uid_validity")
  private Long uidValidity;

  /** Every source UID up to this one is on the destination (or deliberately skipped). */
  @Column(name = "last_uid", nullable = false)
  private long lastUid;

  @Column(name = "highest_modseq")
  private Long highestModseq;

  @Column(name = "dest_uid_validity")
  private Long destUidValidity;

  /**
   * The destination's UIDNEXT after the last committed append: any message of ours at or above it
   * was appended after the checkpoint and must be recognised before appending again.
   */
  @Column(name = "dest_uid_next")
  private Long destUidNext;

  @Column(name = "messages_total", nullable = false)
  private long messagesTotal;

  @Column(name = "messages_done", nullable = false)
  private long messagesDone;

  @Column(name = "bytes_total", nullable = false)
  private long bytesTotal;

  @Column(name = "bytes_done", nullable = false)
  private long bytesDone;

  @Column(nullable = false)
  private boolean completed;

  /** Messages the source folder held at the last verification. */
  @Column(name = "source_messages")
  private Long sourceMessages;

  /** Messages found already on the destination (appended before a crash) instead of appended. */
  @Column(name = "found_on_destination", nullable = false)
  private long foundOnDestination;

  /** Null until the folder's last chunk of a run; then whether both sides agree. */
  private Boolean verified;

  @Column(name = "verified_at")
  private java.time.Instant verifiedAt;

  /** What the verification found wrong, or null. */
  private String verification;

  /** Messages a domain rule left out (flagged deleted, over the size limit); never copied. */
  @Column(name = "messages_skipped", nullable = false)
  private long messagesSkipped;

  protected FolderCheckpoint() {}

  public FolderCheckpoint(
      MailboxMigration migration, String sourceName, String destinationName, int position) {
    this.migration = migration;
    this.sourceName = sourceName;
    this.destinationName = destinationName;
    this.position = position;
  }

  /**
   * A source UIDVALIDITY other than the recorded one means the UIDs we hold name nothing any more:
   * the folder must be reconciled by fingerprint, not copied again (RFC 3501 2.3.1.1).
   */
  public boolean uidValidityChanged(UidValidity current) {
    return current.differsFrom(uidValidity);
  }

  public void startReconciling(UidValidity current) {
    this.uidValidity = current.value();
    this.lastUid = 0;
    this.completed = false;
    // the folder is read again from its first message: its skips are counted again
    this.messagesSkipped = 0;
  }

  /** How many of the folder's messages a rule leaves out, as the latest run found. */
  public void skippedByRule(long messages) {
    if (messages < 0) {
      throw new IllegalArgumentException("a negative number of skipped messages: " + messages);
    }
    messagesSkipped = messages;
  }

  public long getMessagesSkipped() {
    return messagesSkipped;
  }

  public void advance(Uid last, long messages, long bytes) {
    if (last.value() > lastUid) {
      lastUid = last.value();
    }
    messagesDone += messages;
    bytesDone += bytes;
  }

  public Long getId() {
    return id;
  }

  public MailboxMigration getMigration() {
    return migration;
  }

  public String getSourceName() {
    return sourceName;
  }

  public String getDestinationName() {
    return destinationName;
  }

  public int getPosition() {
    return position;
  }

  public void setPosition(int position) {
    this.position = position;
  }

  public Long getUidValidity() {
    return uidValidity;
  }

  public void setUidValidity(Long uidValidity) {
    this.uidValidity = uidValidity;
  }

  public long getLastUid() {
    return lastUid;
  }

  public Long getHighestModseq() {
    return highestModseq;
  }

  public void setHighestModseq(Long highestModseq) {
    this.highestModseq = highestModseq;
  }

  public Long getDestUidValidity() {
    return destUidValidity;
  }

  public void setDestUidValidity(Long destUidValidity) {
    this.destUidValidity = destUidValidity;
  }

  public Long getDestUidNext() {
    return destUidNext;
  }

  public void setDestUidNext(Long destUidNext) {
    this.destUidNext = destUidNext;
  }

  public long getMessagesTotal() {
    return messagesTotal;
  }

  public long getMessagesDone() {
    return messagesDone;
  }

  public long getBytesTotal() {
    return bytesTotal;
  }

  public long getBytesDone() {
    return bytesDone;
  }

  public void totals(long messages, long bytes) {
    this.messagesTotal = messages;
    this.bytesTotal = bytes;
  }

  public boolean isCompleted() {
    return completed;
  }

  public void setCompleted(boolean completed) {
    this.completed = completed;
  }

  public void foundOnDestination(long messages) {
    foundOnDestination += messages;
  }

  public long getFoundOnDestination() {
    return foundOnDestination;
  }

  /** The outcome of comparing both sides after the folder's last chunk of a run. */
  public void verified(long sourceMessages, boolean verified, String problem) {
    this.sourceMessages = sourceMessages;
    this.verified = verified;
    this.verification =
        problem == null || problem.length() <= 2000 ? problem : problem.substring(0, 2000);
    this.verifiedAt = java.time.Instant.now();
  }

  /** A new run verifies again. */
  public void unverified() {
    this.verified = null;
  }

  public Long getSourceMessages() {
    return sourceMessages;
  }

  public Boolean getVerified() {
    return verified;
  }

  public java.time.Instant getVerifiedAt() {
    return verifiedAt;
  }

  public String getVerification() {
    return verification;
  }
}
