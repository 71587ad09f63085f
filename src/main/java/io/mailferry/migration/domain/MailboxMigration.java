package io.mailferry.migration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** One user's move from the source to the destination: a partition of a job execution. */
@Entity
@Table(name = "mailbox_migration")
public class MailboxMigration {

  private static final int MESSAGE_LIMIT = 1000;

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(nullable = false, unique = true)
  private String email;

  @ManyToOne(optional = false, fetch = FetchType.EAGER)
  @JoinColumn(name = "domain_id")
  private MailDomain domain;

  @Column(name = "source_login", nullable = false)
  private String sourceLogin;

  /** AES-GCM ciphertext of the source password (see SecretBox); null once wiped. */
  @Column(name = "source_password")
  private String sourcePassword;

  /** When the stored source password was given; the retention counts from here (or later). */
  @Column(name = "password_stored_at")
  private Instant passwordStoredAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private MigrationStatus status;

  @Column(name = "status_message")
  private String statusMessage;

  @Column(name = "error_episodes", nullable = false)
  private int errorEpisodes;

  @Column(name = "message_errors", nullable = false)
  private int messageErrors;

  /** WAITING with no job execution to run it: see {@link #pause}. */
  @jakarta.persistence.Column(nullable = false)
  private boolean paused;

  /** Each start of the copy is a run; records and errors name the run that made them. */
  @jakarta.persistence.Column(name = "run_number", nullable = false)
  private int runNumber;

  @Column(name = "messages_total", nullable = false)
  private long messagesTotal;

  @Column(name = "messages_done", nullable = false)
  private long messagesDone;

  @Column(name = "bytes_total", nullable = false)
  private long bytesTotal;

  @Column(name = "bytes_done", nullable = false)
  private long bytesDone;

  @Column(name = "current_folder")
  private String currentFolder;

  @Column(name = "job_execution_id")
  private Long jobExecutionId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "queued_at")
  private Instant queuedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  /** When the current run (this queueing) started copying; the timeout counts from here. */
  @Column(name = "run_started_at")
  private Instant runStartedAt;

  /** Messages done when the current run started copying. */
  @Column(name = "run_start_messages", nullable = false)
  private long runStartMessages;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected MailboxMigration() {}

  public MailboxMigration(MailDomain domain, String email, String sourceLogin) {
    this.domain = domain;
    this.email = normaliseEmail(email);
    this.sourceLogin = sourceLogin == null || sourceLogin.isBlank() ? this.email : sourceLogin;
    this.createdAt = Instant.now();
    this.updatedAt = createdAt;
    this.status = MigrationStatus.QUEUED;
    this.queuedAt = createdAt;
    this.statusMessage = "Queued";
  }

  /**
   * The address as Mailferry keys a mailbox by: trimmed and lower case, local part included. Users
   * (and their mail servers) treat {@code Casey@corp.test} and {@code casey@corp.test} as one
   * mailbox; keeping the local part's case made them two migrations into one destination.
   */
  public static String normaliseEmail(String email) {
    if (email == null) {
      throw new IllegalArgumentException("email address is required");
    }
    String trimmed = email.trim();
    int at = trimmed.lastIndexOf('@');
    if (at < 1 || at == trimmed.length() - 1 || trimmed.contains(" ")) {
      throw new IllegalArgumentException("'" + email + "' is not an email address");
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }

  public static String domainOf(String email) {
    String normalised = normaliseEmail(email);
    return normalised.substring(normalised.lastIndexOf('@') + 1);
  }

  private void moveTo(MigrationStatus next, String message) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException(
          "the migration of " + email + " is " + status + " and cannot become " + next);
    }
    this.paused = false;
    this.status = next;
    this.statusMessage = truncate(message);
    this.updatedAt = Instant.now();
  }

  /** Back in the queue: a resync, or recovery after the server stopped mid-run. */
  public void requeue(String message) {
    moveTo(MigrationStatus.QUEUED, message);
    this.queuedAt = Instant.now();
    this.runStartedAt = null;
    this.finishedAt = null;
  }

  public void waiting(String reason) {
    moveTo(MigrationStatus.WAITING, reason);
  }

  /**
   * Waits with no job execution to run it (the load gate is closed, or no slot was free): the
   * dispatcher starts it again from its checkpoints.
   */
  public void pause(String reason) {
    moveTo(MigrationStatus.WAITING, reason);
    this.paused = true;
  }

  public boolean isPaused() {
    return paused;
  }

  public void running(String message) {
    moveTo(MigrationStatus.RUNNING, message);
    Instant now = Instant.now();
    if (startedAt == null) {
      startedAt = now;
    }
    if (runStartedAt == null) {
      runStartedAt = now;
    }
  }

  public void completed(String message) {
    moveTo(MigrationStatus.COMPLETED, message);
    this.finishedAt = Instant.now();
    this.currentFolder = null;
  }

  public void failed(String reason) {
    moveTo(MigrationStatus.ERROR, reason);
    this.errorEpisodes++;
    this.finishedAt = Instant.now();
  }

  public boolean hasRunLongerThan(Duration limit, Instant now) {
    return runStartedAt != null && Duration.between(runStartedAt, now).compareTo(limit) >= 0;
  }

  public void progress(String folder, long messages, long bytes) {
    this.currentFolder = folder;
    this.messagesDone += messages;
    this.bytesDone += bytes;
    this.updatedAt = Instant.now();
  }

  public void totals(long messages, long bytes) {
    this.messagesTotal = messages;
    this.bytesTotal = bytes;
    this.updatedAt = Instant.now();
  }

  /** What the checkpoints say is done, as the run starts copying: the run counts from here. */
  public void doneSoFar(long messages, long bytes) {
    this.messagesDone = messages;
    this.bytesDone = bytes;
    this.runStartMessages = messages;
  }

  /** Messages copied (or recognised on the destination) by the current run. */
  public long getMessagesDoneThisRun() {
    return Math.max(0, messagesDone - runStartMessages);
  }

  public void wipeSourcePassword() {
    this.sourcePassword = null;
    this.passwordStoredAt = null;
  }

  private static String truncate(String message) {
    if (message == null) {
      return null;
    }
    return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT - 1);
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public MailDomain getDomain() {
    return domain;
  }

  public String getSourceLogin() {
    return sourceLogin;
  }

  public void setSourceLogin(String sourceLogin) {
    this.sourceLogin = sourceLogin;
  }

  public String getSourcePassword() {
    return sourcePassword;
  }

  public void setSourcePassword(String encrypted) {
    this.sourcePassword = encrypted;
    this.passwordStoredAt = encrypted == null ? null : Instant.now();
  }

  public MigrationStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public void setStatusMessage(String statusMessage) {
    this.statusMessage = truncate(statusMessage);
    this.updatedAt = Instant.now();
  }

  public int getErrorEpisodes() {
    return errorEpisodes;
  }

  public int getMessageErrors() {
    return messageErrors;
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

  public String getCurrentFolder() {
    return currentFolder;
  }

  public Long getJobExecutionId() {
    return jobExecutionId;
  }

  public void setJobExecutionId(Long jobExecutionId) {
    this.jobExecutionId = jobExecutionId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getQueuedAt() {
    return queuedAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getRunStartedAt() {
    return runStartedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** Begins a new run of the copy and returns its number. */
  public int startRun() {
    return ++runNumber;
  }

  public int getRunNumber() {
    return runNumber;
  }

  /** The messages still to be copied, as counted after the last chunk. */
}
