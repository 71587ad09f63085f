package io.mailferry.migration.domain;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
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

/** A mail domain whose users may migrate, with its source server and folder rules. */
@Entity
@Table(name = "mail_domain")
public class MailDomain {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(nullable = false, unique = true)
  private String name;

  @Column(name = "source_host", nullable = false)
  private String sourceHost;

  @Column(name = "source_port", nullable = false)
  private int sourcePort;

  @Enumerated(EnumType.STRING)
  @Column(name = "source_security", nullable = false)
  private Security sourceSecurity;

  @Column(name = "allow_plaintext", nullable = false)
  private boolean allowPlaintext;

  @Column(name = "trusted_cert")
  private String trustedCertificate;

  @Column(name = "auto_migration", nullable = false)
  private boolean autoMigration;

  /** Folder patterns to leave out, one per line ('*' matches anything, '/' separates levels). */
  @Column(name = "exclude_folders")
  private String excludeFolders;

  /** Folder renames, one "Old/Name=New/Name" per line. */
  @Column(name = "folder_renames")
  private String folderRenames;

  @Column(name = "max_message_size")
  private Long maxMessageSize;

  @Column(name = "copy_deleted", nullable = false)
  private boolean copyDeleted;

  @Column(name = "migration_finished", nullable = false)
  private boolean migrationFinished;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected MailDomain() {}

  public MailDomain(String name) {
    this.name = normaliseName(name);
    this.createdAt = Instant.now();
    this.autoMigration = true;
    // Clients that mark instead of expunge still show such messages: they are copied, flag kept.
    this.copyDeleted = true;
  }

  public static String normaliseName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("domain name is required");
    }
    String normalised = name.trim().toLowerCase(Locale.ROOT);
    if (!normalised.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException("'" + name + "' is not a domain name");
    }
    return normalised;
  }

  public ServerEndpoint sourceEndpoint() {
    return new ServerEndpoint(
        sourceHost, sourcePort, sourceSecurity, allowPlaintext, trustedCertificate);
  }

  public void configureSource(ServerEndpoint endpoint) {
    this.sourceHost = endpoint.host();
    this.sourcePort = endpoint.port();
    this.sourceSecurity = endpoint.security();
    this.allowPlaintext = endpoint.allowPlaintext();
    this.trustedCertificate = endpoint.trustedCertificate();
  }

  public FolderRules folderRules() {
    return FolderRules.parse(excludeFolders, folderRenames);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public boolean isAutoMigration() {
    return autoMigration;
  }

  public void setAutoMigration(boolean autoMigration) {
    this.autoMigration = autoMigration;
  }

  public String getExcludeFolders() {
    return excludeFolders;
  }

  public void setExcludeFolders(String excludeFolders) {
    FolderRules.parse(excludeFolders, null);
    this.excludeFolders = excludeFolders;
  }

  public String getFolderRenames() {
    return folderRenames;
  }

  public void setFolderRenames(String folderRenames) {
    FolderRules.parse(null, folderRenames);
    this.folderRenames = folderRenames;
  }

  public Long getMaxMessageSize() {
    return maxMessageSize;
  }

  public void setMaxMessageSize(Long maxMessageSize) {
    if (maxMessageSize != null && maxMessageSize < 1) {
      throw new IllegalArgumentException("maximum message size must be positive");
    }
    this.maxMessageSize = maxMessageSize;
  }

  public boolean isCopyDeleted() {
    return copyDeleted;
  }

  /**
   * Why the domain's rules leave a message out of the copy (it then counts as skipped by rule), or
   * null when they copy it.
   */
  public String leavesOut(boolean deletedOnSource, long size) {
    if (deletedOnSource && !copyDeleted) {
      return "deleted on the source";
    }
    if (maxMessageSize != null && size > maxMessageSize) {
      return "larger than the domain's maximum message size ("
          + size
          + " > "
          + maxMessageSize
          + " bytes)";
    }
    return null;
  }

  public void setCopyDeleted(boolean copyDeleted) {
    this.copyDeleted = copyDeleted;
  }

  public boolean isMigrationFinished() {
    return migrationFinished;
  }

  public void setMigrationFinished(boolean migrationFinished) {
    this.migrationFinished = migrationFinished;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
