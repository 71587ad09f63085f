package io.mailferry.migration.application;

import java.time.Instant;

/**
 * How an uploaded batch runs.
 *
 * @param name a label for the admin (the file name)
 * @param masterLogin a batch-wide source login pattern ({@link
 *     io.mailferry.migration.domain.MasterLogin}), or null when every line has its password
 * @param masterPassword its password
 * @param waveSize mailboxes per wave, or null for one wave
 * @param startAt when the batch may start, or null for now
 * @param checkLogins whether to try every login on the source before accepting the batch
 */
public record BatchOptions(
    String name,
    String masterLogin,
    String masterPassword,
    Integer waveSize,
    Instant startAt,
    boolean checkLogins) {

  public boolean hasMasterLogin() {
    return masterLogin != null && !masterLogin.isBlank();
  }

  /** Never prints the master password. */
  @Override
  public String toString() {
    return "BatchOptions[name="
        + name
        + ", masterLogin="
        + masterLogin
        + ", waveSize="
        + waveSize
        + ", startAt="
        + startAt
        + ", checkLogins="
        + checkLogins
        + "]";
  }
}
