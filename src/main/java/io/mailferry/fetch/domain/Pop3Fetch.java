package io.mailferry.fetch.domain;

import io.mailferry.mailserver.Security;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * One POP3 account fetched into one destination mailbox folder: its settings (the password sealed
 * by the secret box), where it stands, and the counts of its runs. What was fetched is in the
 * ledger ({@link FetchedMessage}), not here.
 */
@Entity
@Table(name = "pop3_fetch")
public class Pop3Fetch {

  public static final int MAX_REPEAT_MINUTES = 7 * 24 * 60;

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  /** The destination mailbox (lower case). */
  @Column(nullable = false)
  private String email;

  @Column(nullable = false)
  private String host;

  @Column(nullable = false)
  private int port;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Security security;

  @Column(name = "allow_plaintext", nullable = false)
  private boolean allowPlaintext;

  @Column(nullable = false)
  private String login;

  /** Sealed by {@code SecretBox}; never plaintext. */
  @Column(name = "sealed_password", nullable = false)
  private String sealedPassword;

  @Column(nullable = false)
  private String folder;

  @Column(name = "trusted_certificate")
  private String trustedCertificate;

  @Column(name = "leave_on_server", nullable = false)
  private boolean leaveOnServer;

  @Column(name = "repeat_minutes")
  private Integer repeatMinutes;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private FetchStatus status;

  @Column(name = "status_message", length = 1000)
  private String statusMessage;

  /** Null until the first run has asked the server. */
  @Column(name = "uidl_supported")
  private Boolean uidlSupported;

  @Column(name = "messages_on_server")
  private Integer messagesOnServer;

  @Column(name = "messages_fetched", nullable = false)
  private long messagesFetched;

  @Column(name = "bytes_fetched", nullable = false)
  private long bytesFetched;

  @Column(name = "messages_recognised", nullable = false)
  private long messagesRecognised;

  @Column(name = "messages_deleted", nullable = false)
  private long messagesDeleted;

  @Column(name = "last_run_fetched", nullable = false)
  private int lastRunFetched;

  @Column(nullable = false)
  private int runs;

  @Column(name = "last_run_started")
  private Instant lastRunStarted;

  @Column(name = "last_run_ended")
  private Instant lastRunEnded;

  @Column(name = "next_run")
  private Instant nextRun;

  @Column(name = "job_execution_id")
  private Long jobExecutionId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Pop3Fetch() {}

  public Pop3Fetch(
      Pop3Settings settings, String sealedPassword, Integer repeatMinutes, Instant now) {
    this.email = settings.email();
    this.host = settings.host();
    this.port = settings.port();
    this.security = settings.security();
    this.allowPlaintext = settings.allowPlaintext();
    this.login = settings.login();
    this.folder = settings.folder();
    this.trustedCertificate = settings.trustedCertificate();
    this.leaveOnServer = settings.leaveOnServer();
    this.sealedPassword = sealedPassword;
    this.repeatMinutes = checkedRepeat(repeatMinutes);
    this.status = FetchStatus.QUEUED;
    this.statusMessage = "Queued";
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * @throws IllegalArgumentException outside 1 minute to a week
   */
  public static Integer checkedRepeat(Integer minutes) {
    if (minutes != null && (minutes < 1 || minutes > MAX_REPEAT_MINUTES)) {
      throw new IllegalArgumentException(
          "repeatMinutes must be between 1 and " + MAX_REPEAT_MINUTES + " (a week), or left out");
    }
    return minutes;
  }

  /** Queues a run now; refused while one is under way. */
  public void queue(Instant now) {
    if (status.isActive()) {
      throw new IllegalStateException("the fetch of " + login + " is already " + status);
    }
    status = FetchStatus.QUEUED;
    statusMessage = "Queued";
    nextRun = null;
    updatedAt = now;
  }

  public void waiting(String reason, Instant now) {
    status = FetchStatus.WAITING;
    statusMessage = reason;
    updatedAt = now;
  }

  public void started(long executionId, Instant now) {
    jobExecutionId = executionId;
    updatedAt = now;
  }

  /** A run starts, or one that waited for the load gate or a slot goes on (the same run). */
  public void running(String message, Instant now) {
    boolean resumed =
        status == FetchStatus.WAITING
            && lastRunStarted != null
            && (lastRunEnded == null || lastRunStarted.isAfter(lastRunEnded));
    if (status != FetchStatus.RUNNING && !resumed) {
      lastRunStarted = now;
      lastRunFetched = 0;
      runs++;
    }
    status = FetchStatus.RUNNING;
    statusMessage = message;
    updatedAt = now;
  }

  public void progress(String message, Instant now) {
    statusMessage = message;
    updatedAt = now;
  }

  public void serverAnswered(boolean uidl, int messages) {
    this.uidlSupported = uidl;
    this.messagesOnServer = messages;
  }

  public void fetched(int messages, long bytes, Instant now) {
    messagesFetched += messages;
    bytesFetched += bytes;
    lastRunFetched += messages;
    updatedAt = now;
  }

  public void recognised(int messages) {
    messagesRecognised += messages;
  }

  public void deleted(int messages) {
    messagesDeleted += messages;
  }

  /** Ends the run; with a repeat the next run is due that many minutes from now. */
  public void finished(FetchStatus outcome, String message, Instant now) {
    if (outcome != FetchStatus.COMPLETED && outcome != FetchStatus.ERROR) {
      throw new IllegalArgumentException("a run ends COMPLETED or ERROR, not " + outcome);
    }
    status = outcome;
    statusMessage = message;
    lastRunEnded = now;
    nextRun = repeatMinutes == null ? null : now.plus(Duration.ofMinutes(repeatMinutes));
    updatedAt = now;
  }

  /** Repeats every {@code minutes} from the last run (or now), or stops repeating with null. */
  public void repeat(Integer minutes, Instant now) {
    repeatMinutes = checkedRepeat(minutes);
    if (minutes == null) {
      nextRun = null;
    } else if (!status.isActive()) {
      Instant from = lastRunEnded == null ? now : lastRunEnded;
      nextRun = from.plus(Duration.ofMinutes(minutes));
    }
    updatedAt = now;
  }

  public boolean isDue(Instant now) {
    return !status.isActive() && nextRun != null && !nextRun.isAfter(now);
  }

  public Pop3Settings settings() {
    return new Pop3Settings(
        email,
        host,
        port,
        security,
        allowPlaintext,
        login,
        folder,
        leaveOnServer,
        trustedCertificate);
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getLogin() {
    return login;
  }

  public String getHost() {
    return host;
  }

  public String getSealedPassword() {
    return sealedPassword;
  }

  public FetchStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public Boolean getUidlSupported() {
    return uidlSupported;
  }

  public Integer getMessagesOnServer() {
    return messagesOnServer;
  }

  public long getMessagesFetched() {
    return messagesFetched;
  }

  public long getBytesFetched() {
    return bytesFetched;
  }

  public long getMessagesRecognised() {
    return messagesRecognised;
  }

  public long getMessagesDeleted() {
    return messagesDeleted;
  }

  public int getLastRunFetched() {
    return lastRunFetched;
  }

  public int getRuns() {
    return runs;
  }

  public Integer getRepeatMinutes() {
    return repeatMinutes;
  }

  public Instant getLastRunStarted() {
    return lastRunStarted;
  }

  public Instant getLastRunEnded() {
    return lastRunEnded;
  }

  public Instant getNextRun() {
    return nextRun;
  }

  public Long getJobExecutionId() {
    return jobExecutionId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
