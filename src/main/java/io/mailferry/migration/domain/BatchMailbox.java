package io.mailferry.migration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A mailbox migration as a member of a batch: its line in the file and its wave. */
@Entity
@Table(name = "batch_mailbox")
public class BatchMailbox {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "batch_id")
  private MigrationBatch batch;

  @ManyToOne(optional = false, fetch = FetchType.EAGER)
  @JoinColumn(name = "migration_id")
  private MailboxMigration migration;

  @Column(nullable = false)
  private int line;

  @Column(nullable = false)
  private int position;

  @Column(nullable = false)
  private int wave;

  /**
   * The sealed password the destination account is created with (SecretBox), until it is; null when
   * the line had none (a master-login batch: the account must exist).
   */
  @Column(name = "account_password")
  private String accountPassword;

  @Column(nullable = false)
  private boolean provisioned;

  protected BatchMailbox() {}

  public BatchMailbox(
      MigrationBatch batch,
      MailboxMigration migration,
      int line,
      int position,
      int wave,
      String sealedAccountPassword) {
    this.batch = batch;
    this.migration = migration;
    this.line = line;
    this.position = position;
    this.wave = wave;
    this.accountPassword = sealedAccountPassword;
    this.provisioned = sealedAccountPassword == null;
  }

  /** The destination account exists now: its password is no longer needed here. */
  public void provisioned() {
    this.provisioned = true;
    this.accountPassword = null;
  }

  public Long getId() {
    return id;
  }

  public MigrationBatch getBatch() {
    return batch;
  }

  public MailboxMigration getMigration() {
    return migration;
  }

  public int getLine() {
    return line;
  }

  public int getPosition() {
    return position;
  }

  public int getWave() {
    return wave;
  }

  public String getAccountPassword() {
    return accountPassword;
  }

  public boolean isProvisioned() {
    return provisioned;
  }
}
