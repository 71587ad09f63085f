package io.mailferry.restore.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message the destination refused, with the server's words. */
@Entity
@Table(name = "restoration_error")
public class RestorationError {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(name = "restoration_id", nullable = false)
  private long restorationId;

  private String folder;
  private String item;

  @Column(nullable = false)
  private String reason;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RestorationError() {}

  public RestorationError(long restorationId, String folder, String item, String reason) {
    this.restorationId = restorationId;
    this.folder = Restoration.truncate(folder, 1000);
    this.item = Restoration.truncate(item, 1000);
    this.reason = Restoration.truncate(reason == null ? "refused" : reason, 2000);
    this.createdAt = Instant.now();
  }

  public String getFolder() {
    return folder;
  }

  public String getItem() {
    return item;
  }

  public String getReason() {
    return reason;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
