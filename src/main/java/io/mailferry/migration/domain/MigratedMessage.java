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
 * The durable record that one source message is on the destination. It makes resume exact, lets a
 * UIDVALIDITY change be reconciled, and keeps a resync from bringing back what the user deleted on
 * the destination.
 */
@Entity
@Table(name = "migrated_message")
public class MigratedMessage {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "folder_id")
  private FolderCheckpoint folder;

  @Column(name = "uid_validity", nullable = false)
  private long uidValidity;

  @Column(name = "source_uid", nullable = false)
  private long sourceUid;

  @Column(nullable = false)
  private String fingerprint;

  @Column(name = "dest_uid")
  private Long destUid;

  /** The source's flags when copied, so a resync can tell which flags changed on the source. */
  @Column(name = "source_flags")
  private String sourceFlags;

  /** The run of the mailbox's copy that made this record. */
  @Column(name = "run_number", nullable = false)
  private int runNumber;

  protected MigratedMessage() {}

  public MigratedMessage(
      FolderCheckpoint folder,
      UidValidity uidValidity,
      Uid sourceUid,
      Fingerprint fingerprint,
      Long destUid,
      String sourceFlags,
      int runNumber) {
    this.runNumber = runNumber;
    this.folder = folder;
    this.uidValidity = uidValidity.value();
    this.sourceUid = sourceUid.value();
    this.fingerprint = fingerprint.value();
    this.destUid = destUid;
    this.sourceFlags = sourceFlags;
  }

  public void renumber(UidValidity uidValidity, Uid sourceUid) {
    this.uidValidity = uidValidity.value();
    this.sourceUid = sourceUid.value();
  }

  public Long getId() {
    return id;
  }

  public FolderCheckpoint getFolder() {
    return folder;
  }

  public long getSourceUid() {
    return sourceUid;
  }

  public long getUidValidity() {
    return uidValidity;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public Long getDestUid() {
    return destUid;
  }

  public String getSourceFlags() {
    return sourceFlags;
  }

  public void setSourceFlags(String sourceFlags) {
    this.sourceFlags = sourceFlags;
  }
}
