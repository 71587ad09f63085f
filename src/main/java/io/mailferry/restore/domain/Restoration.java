package io.mailferry.restore.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;

/** One mailbox restored from an archive or moved from another server. */
@Entity
@Table(name = "restoration")
public class Restoration {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(nullable = false)
  private String email;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RestorationKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RestorationStatus status;

  @Column(name = "status_message")
  private String statusMessage;

  @Column(name = "archive_name")
  private String archiveName;

  /** The private directory of an archive: {@code messages/} holds it unpacked. */
  @Column(name = "spool_directory")
  private String spoolDirectory;

  @Column(name = "source_host")
  private String sourceHost;

  @Column(name = "source_port")
  private Integer sourcePort;

  @Column(name = "source_security")
  private String sourceSecurity;

  @Column(name = "source_login")
  private String sourceLogin;

  /** Sealed with the secret box; wiped when the restoration is complete. */
  @Column(name = "source_password")
  private String sourcePassword;

  /**
   * The mailbox's password on the destination, sealed, where no master user is configured; wiped
   * when the restoration is complete.
   */
  @Column(name = "destination_password")
  private String destinationPassword;

  /** What happened to the destination account (created with the old hash, existed, ...). */
  private String account;

  @Column(name = "execution_id")
  private Long executionId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Version private long version;

  protected Restoration() {}

  private Restoration(String email, RestorationKind kind) {
    this.email = email.trim().toLowerCase(Locale.ROOT);
    this.kind = kind;
    this.status = RestorationStatus.QUEUED;
    this.statusMessage = "Queued";
    this.createdAt = Instant.now();
  }

  public static Restoration fromArchive(String email, String archiveName, String spoolDirectory) {
    Restoration r = new Restoration(email, RestorationKind.ARCHIVE);
    r.archiveName = truncate(archiveName, 255);
    r.spoolDirectory = spoolDirectory;
    return r;
  }

  public static Restoration fromServer(
      String email, String host, int port, String security, String login, String sealedPassword) {
    Restoration r = new Restoration(email, RestorationKind.SERVER);
    r.sourceHost = host;
    r.sourcePort = port;
    r.sourceSecurity = security;
    r.sourceLogin = login;
    r.sourcePassword = sealedPassword;
    return r;
  }

  public void queued(String reason) {
    status = RestorationStatus.QUEUED;
    statusMessage = truncate(reason, 1000);
  }

  public void running(String message, Long execution) {
    if (status != RestorationStatus.RUNNING) {
      startedAt = Instant.now();
    }
    status = RestorationStatus.RUNNING;
    statusMessage = truncate(message, 1000);
    if (execution != null) {
      executionId = execution;
    }
    finishedAt = null;
  }

  public void completed(String message) {
    status = RestorationStatus.COMPLETED;
    statusMessage = truncate(message, 1000);
    finishedAt = Instant.now();
    sourcePassword = null;
    destinationPassword = null;
  }

  public void failed(String reason) {
    status = RestorationStatus.ERROR;
    statusMessage = truncate(reason, 1000);
    finishedAt = Instant.now();
  }

  /** The mailbox's own destination password (sealed), for a destination without master user. */
  public void destinationPassword(String sealed) {
    destinationPassword = sealed;
  }

  public void account(String note) {
    account = truncate(note, 1000);
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public RestorationKind getKind() {
    return kind;
  }

  public RestorationStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public String getArchiveName() {
    return archiveName;
  }

  public String getSpoolDirectory() {
    return spoolDirectory;
  }

  public String getSourceHost() {
    return sourceHost;
  }

  public Integer getSourcePort() {
    return sourcePort;
  }

  public String getSourceSecurity() {
    return sourceSecurity;
  }

  public String getSourceLogin() {
    return sourceLogin;
  }

  public String getSourcePassword() {
    return sourcePassword;
  }

  public String getDestinationPassword() {
    return destinationPassword;
  }

  public String getAccount() {
    return account;
  }

  public Long getExecutionId() {
    return executionId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }
}
