package io.mailferry.migration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * Mailboxes an admin uploaded together: they start together (at a scheduled moment, in waves of N),
 * stop together and are reported together. The uploaded file itself is not kept.
 */
@Entity
@Table(name = "migration_batch")
public class MigrationBatch {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  /** The master login pattern (see {@link MasterLogin}); its password is sealed per mailbox. */
  @Column(name = "master_login")
  private String masterLogin;

  @Column(name = "wave_size")
  private Integer waveSize;

  @Column(name = "start_at")
  private Instant startAt;

  @Column(nullable = false)
  private boolean stopped;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Version private long version;

  protected MigrationBatch() {}

  public MigrationBatch(String name, String masterLogin, Integer waveSize, Instant startAt) {
    if (waveSize != null) {
      BatchWaves.checked(waveSize);
    }
    this.name = name == null || name.isBlank() ? "batch" : truncate(name.trim());
    this.masterLogin = masterLogin;
    this.waveSize = waveSize;
    this.startAt = startAt;
    this.createdAt = Instant.now();
  }

  private static String truncate(String name) {
    return name.length() <= 255 ? name : name.substring(0, 255);
  }

  /** Whether its mailboxes may start at {@code now}: not stopped, and its start time reached. */
  public boolean isDue(Instant now) {
    return !stopped && (startAt == null || !startAt.isAfter(now));
  }

  public void stop() {
    this.stopped = true;
  }

  public void resume() {
    this.stopped = false;
  }

  public void started(Instant now) {
    if (startedAt == null) {
      startedAt = now;
    }
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getMasterLogin() {
    return masterLogin;
  }

  public Integer getWaveSize() {
    return waveSize;
  }

  public Instant getStartAt() {
    return startAt;
  }

  public boolean isStopped() {
    return stopped;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }
}
