package io.mailferry.restore.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * One folder of a restoration: what the source holds and what became of it. {@code doneThrough} is
 * the checkpoint: the archive position (1-based) or the source UID up to which every message is
 * appended, found on the destination or refused; a restart continues after it.
 */
@Entity
@Table(name = "restoration_folder")
public class RestoredFolder {

  @Id
  @SequenceGenerator(name = "mailferry_seq", sequenceName = "mailferry_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailferry_seq")
  private Long id;

  @Column(name = "restoration_id", nullable = false)
  private long restorationId;

  @Column(nullable = false)
  private int position;

  @Column(nullable = false)
  private String name;

  @Column(name = "destination_name", nullable = false)
  private String destinationName;

  private long messages;
  private long appended;
  private long present;
  private long refused;

  @Column(name = "done_through")
  private long doneThrough;

  private boolean finished;

  protected RestoredFolder() {}

  public RestoredFolder(
      long restorationId, int position, String name, String destinationName, long messages) {
    this.restorationId = restorationId;
    this.position = position;
    this.name = Restoration.truncate(name, 1000);
    this.destinationName = Restoration.truncate(destinationName, 1000);
    this.messages = messages;
  }

  /** Records one chunk: its counts and the checkpoint after it. */
  public void chunk(long appended, long present, long refused, long doneThrough) {
    this.appended += appended;
    this.present += present;
    this.refused += refused;
    this.doneThrough = Math.max(this.doneThrough, doneThrough);
  }

  public void finish() {
    finished = true;
  }

  public void messages(long count) {
    messages = count;
  }

  public Long getId() {
    return id;
  }

  public long getRestorationId() {
    return restorationId;
  }

  public int getPosition() {
    return position;
  }

  public String getName() {
    return name;
  }

  public String getDestinationName() {
    return destinationName;
  }

  public long getMessages() {
    return messages;
  }

  public long getAppended() {
    return appended;
  }

  public long getPresent() {
    return present;
  }

  public long getRefused() {
    return refused;
  }

  public long getDoneThrough() {
    return doneThrough;
  }

  public boolean isFinished() {
    return finished;
  }
}
